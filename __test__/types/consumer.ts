// Type-level tests of the public API: `npm test` type-checks this file (strict) and fails
// on any error, including an unused @ts-expect-error.
import {
  CategoricalHinge,
  Hinge,
  Loss,
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
  type LossFunction,
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
// @ts-expect-error Loss is abstract: fromConfig is called on a concrete class
Loss.fromConfig(config)

// get and deserialize narrow on literal names and on {class_name}; other identifiers do not.
const byFunctionName: Tensor = get('hinge')(yTrue, yPred)
const squaredFn: LossFunction = get('squared_hinge')
const byClassName: number = get('Hinge').compute(yTrue, yPred)
const categorical: CategoricalHinge = get('CategoricalHinge')
const fromJsGet: js.SquaredHinge = js.get('SquaredHinge')
const byClassObject: Tensor<'float64'> = get({ class_name: 'Hinge', config: { reduction: 'none', dtype: 'float64' } }).compute(yTrue, yPred)
const summed: number = deserialize({ class_name: 'SquaredHinge', config: { reduction: 'sum' } }).compute(yTrue, yPred)
const defaults: number = deserialize({ class_name: 'CategoricalHinge' }).compute(yTrue, yPred)
const kerasFunction: LossFunction = deserialize({ class_name: 'function', config: 'categorical_hinge' })
const sameLoss: Hinge<'none'> = get(new Hinge({ reduction: 'none' }))
const plainString = 'hinge' as string
const unnarrowed: LossFunction | Loss = get(plainString)
// @ts-expect-error a plain string may name a class: the result is not known to be callable
get(plainString)(yTrue, yPred)
// @ts-expect-error 'Hinge' names a class, whose instances are not callable
get('Hinge')(yTrue, yPred)
// @ts-expect-error 'hinge' names a function, which has no compute
get('hinge').compute(yTrue, yPred)
// @ts-expect-error a default reduction is reduced: a number, not a Tensor
const notTensor: Tensor = get('Hinge').compute(yTrue, yPred)

// Tensors follow their dtype.
const wide: Float64Array = new Hinge({ dtype: 'float64', reduction: 'none' }).compute(yTrue, yPred).data
const narrow: Float32Array = new Hinge({ dtype: 'float32' }).call(yTrue, yPred).data
const wideAsync: Promise<Tensor<'float64'>> = new SquaredHinge({ dtype: 'float64', reduction: null }).computeAsync(yTrue, yPred)
const wideDefault: Tensor<'float32'> = get('Hinge').call(yTrue, yPred)
const anyWidth: Float32Array | Float64Array = new Hinge({ reduction: 'none' }).compute(yTrue, yPred).data
// @ts-expect-error a float32 loss does not give Float64Array data
const notWide: Float64Array = new Hinge({ dtype: 'float32' }).call(yTrue, yPred).data
// @ts-expect-error without a literal dtype the data may be either width
const unknownWidth: Float64Array = new Hinge().call(yTrue, yPred).data
const tensorOfDType: Tensor<'float64'> = { data: new Float64Array(1), shape: [1], dtype: 'float64' }
// @ts-expect-error a float64 tensor holds a Float64Array
const mismatched: Tensor<'float64'> = { data: new Float32Array(1), shape: [1], dtype: 'float64' }

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

void [byFunctionName, squaredFn, byClassName, categorical, fromJsGet, byClassObject, summed, defaults, kerasFunction, sameLoss, unnarrowed, notTensor]
void [wide, narrow, wideAsync, wideDefault, anyWidth, notWide, unknownWidth, tensorOfDType, mismatched]
void [mean, sum, none, nul, either, wrong, asyncUse, perSample, fromJs, which, made, result, plain, base, restored, streaming]

