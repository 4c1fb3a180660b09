// Type-level tests of hinge-losses/bullmq: `npm run test:types` type-checks this file
// (strict) and fails on any error, including an unused @ts-expect-error.
import { evaluateMetric, startWorker, submitEvaluation, type LabelOutcome, type QueuedResult, type RunningWorker } from '../../../bullmq'
import { metrics } from '../../..'

async function use(): Promise<void> {
  const worker: RunningWorker = await startWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 2, stallMs: 1000, log: (line: string) => console.error(line) })
  const result: QueuedResult = await submitEvaluation({ redis: 'redis://127.0.0.1:6379', loss: 'hinge', files: { yTrue: 'a.npy', yPred: 'b.npy' }, reduction: 'sum', shardRows: 1000 })
  const labels: LabelOutcome = result.labels
  const counts: number[] = [result.value, result.sum, result.weightSum, result.rows, result.shards, result.workers]
  // @ts-expect-error: 'none' returns per-sample values, which a queued evaluation does not
  await submitEvaluation({ redis: 'redis://127.0.0.1:6379', loss: 'hinge', files: { yTrue: 'a.npy', yPred: 'b.npy' }, reduction: 'none' })
  // @ts-expect-error: an unknown loss
  await submitEvaluation({ redis: 'redis://127.0.0.1:6379', loss: 'huber', files: { yTrue: 'a.npy', yPred: 'b.npy' } })
  const value: number = await evaluateMetric(new metrics.Hinge(), { yTrue: 'a.npy', yPred: 'b.npy' }, { redis: 'redis://127.0.0.1:6379', queue: 'q' })
  console.log(labels, counts, value)
  await worker.close(true)
}
void use
