// Type-level tests of the public API: `npm test` type-checks this file (strict) and fails
// on any error, including an unused @ts-expect-error.
import {
  CategoricalHinge,
  Hinge,
  LossInputError,
  SquaredHinge,
  MeanMetric,
  backend,
  deserialize,
  evaluateInWorkers,
  feedMetric,
  get,
  hinge,
  metricSink,
  metrics,
  serialize,
  setBackend,
  splitBatches,
  tensor,
  type Batch,
  type LossInputErrorCode,
  type MetricState,
  type Reduction,
  type Tensor,
  type TensorLike,
} from '../..'
import * as js from '../../js'

const yTrue: TensorLike = [[0, 1], [0, 0]]
const yPred: TensorLike = { data: new Float32Array(4), shape: [2, 2] }

const mean: number = new Hinge().compute(yTrue, yPred)
const sum: number = new SquaredHinge({ reduction: 'sum' }).compute(yTrue, yPred, [1, 0])
const none: Tensor = new CategoricalHinge({ reduction: 'none' }).compute(yTrue, yPred)
const nul: Tensor = new Hinge({ reduction: null }).compute(yTrue, yPred)
const dynamic: Reduction = 'sum' as Reduction
const either: number | Tensor = new Hinge({ reduction: dynamic }).compute(yTrue, yPred)
// @ts-expect-error a reduced loss is a number, not a Tensor
const wrong: Tensor = new Hinge().compute(yTrue, yPred)
// @ts-expect-error unknown reductions are a type error
new Hinge({ reduction: 'avg' })
// @ts-expect-error dtypes are float32 or float64
new Hinge({ dtype: 'float16' })

async function asyncUse(signal: AbortSignal): Promise<number> {
  const t: Tensor = await new Hinge({ reduction: 'none' }).computeAsync(yTrue, yPred, undefined, { signal })
  return (await new Hinge().computeAsync(yTrue, yPred)) + t.data.length
}

const perSample: Tensor = hinge(new Int8Array([1, -1]), new Float64Array([0.5, 0.5]))
const config: { name: string; reduction: Reduction; dtype: 'float32' | 'float64' } = new Hinge().getConfig()
const again: Hinge<Reduction> = Hinge.fromConfig(config)
const fromJs: number = new js.Hinge().compute(yTrue, yPred)
const which: 'native' | 'js' = backend()
setBackend('auto')
// @ts-expect-error unknown backends are a type error
setBackend('gpu')
const serialized: { class_name: string; config: object } = serialize(again)
deserialize(serialized)
get('hinge')
const made: Tensor = tensor([1, 2], [1, 2])

try {
  hinge(1, 2)
} catch (error) {
  if (error instanceof LossInputError) {
    const code: LossInputErrorCode = error.code
    void code
  }
}

// Streaming metrics: `metrics.Hinge` is a class and a type; state() is plain numbers.
const metric: metrics.Hinge = new metrics.Hinge({ dtype: 'float64' })
metric.updateState(yTrue, yPred, [1, 2])
const result: number = metric.result()
const state: MetricState = metric.state()
const plain: { total: number; count: number } = state
metric.merge(state)
metric.merge(new js.metrics.Hinge())
const base: MeanMetric = new metrics.CategoricalHinge()
const restored: metrics.SquaredHinge = metrics.SquaredHinge.fromConfig(new metrics.SquaredHinge().getConfig())
// @ts-expect-error a state needs both numbers
metric.merge({ total: 1 })
// @ts-expect-error metrics have no reduction
new metrics.Hinge({ reduction: 'sum' })

async function streaming(source: AsyncIterable<Batch>): Promise<number> {
  const batch: Batch = { yTrue, yPred, sampleWeight: new Float32Array(2) }
  const batches: Batch[] = splitBatches({ yTrue, yPred }, 1)
  await metric.updateStateAsync(batch.yTrue, batch.yPred)
  const sink: NodeJS.WritableStream = metricSink(metric, { highWaterMark: 8 })
  void sink
  const fromWorkers: number = await evaluateInWorkers(metric, batches, { workers: 2 })
  return (await feedMetric(metric, source)) + fromWorkers
}

void [mean, sum, none, nul, either, wrong, asyncUse, perSample, fromJs, which, made, result, plain, base, restored, streaming]
