// A user's TypeScript file, type-checked against the installed package under each module
// setting users have: as consumer.ts (CommonJS) and consumer.mts (ES module).
import { CategoricalHinge, Hinge, LossInputError, backend, hinge, tensor, type Reduction, type Tensor } from 'hinge-losses'
import * as js from 'hinge-losses/js'

const yTrue = [[0, 1], [0, 0]]
const yPred = { data: new Float32Array([0.6, 0.4, 0.4, 0.6]), shape: [2, 2] }

const mean: number = new Hinge().compute(yTrue, yPred)
const perSample: Tensor = new CategoricalHinge({ reduction: 'none' }).compute(yTrue, yPred)
const fromJs: number = new js.Hinge({ reduction: 'sum' }).compute(yTrue, yPred)
const which: 'native' | 'js' = backend()
const reduction: Reduction = new Hinge().reduction
const values: Tensor = hinge(tensor([1, -1]), new Float64Array([0.5, 0.5]))
const isInputError = (error: unknown): boolean => error instanceof LossInputError && error.code.startsWith('ERR_')
// @ts-expect-error a reduced loss is a number, not a Tensor
const wrong: Tensor = new Hinge().compute(yTrue, yPred)
// @ts-expect-error unknown reductions are a type error
new js.Hinge({ reduction: 'median' })

export const used = [mean, perSample, fromJs, which, reduction, values, isInputError, wrong]
