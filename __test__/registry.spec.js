// Loss is abstract at run time, and serialize knows the losses of every entry.
const test = require('ava')
const { entry, js, native } = require('./helpers/backends')
const { CategoricalHinge: CategoricalHingeBase, Hinge: HingeBase, SquaredHinge: SquaredHingeBase } = require('../dist/loss-classes.js')

const yTrue = [[0, 1], [1, 0]]
const yPred = [[0.6, 0.4], [0.3, 0.7]]
const config = { name: 'mine', reduction: 'sum', dtype: 'float64' }

const abstract = { instanceOf: TypeError, message: /abstract; construct Hinge, SquaredHinge, CategoricalHinge or SparseCategoricalHinge/ }

test('new Loss() is refused, from either entry, with or without options', (t) => {
  t.is(entry.Loss, js.Loss)
  t.throws(() => new entry.Loss(), { ...abstract, message: /^Cannot construct Loss: Loss is abstract/ })
  t.throws(() => new js.Loss({ reduction: 'sum' }), abstract)
  // The refusal comes before the options are read: a bad option does not hide it.
  t.throws(() => new entry.Loss({ reduction: 'auto' }), abstract)
})

test('the per-kind bases and subclasses without a backend are refused too', (t) => {
  for (const Base of [HingeBase, SquaredHingeBase, CategoricalHingeBase]) {
    t.throws(() => new Base(), { ...abstract, message: new RegExp(`^Cannot construct ${Base.name}:`) })
  }
  // A subclass of a base rather than of an entry's class has no backend to compute on.
  class NoEngine extends HingeBase {}
  t.throws(() => new NoEngine(), { ...abstract, message: /^Cannot construct NoEngine:/ })
  // A subclass of an entry's class inherits that entry's backend.
  class Mine extends entry.Hinge {}
  t.is(new Mine().compute(yTrue, yPred), new entry.Hinge().compute(yTrue, yPred))
  // A direct subclass of Loss names no loss kind and has no backend: not a loss either.
  class NoKind extends entry.Loss {
    constructor() {
      super()
    }
  }
  t.throws(() => new NoKind(), abstract)
})

test('Loss.fromConfig is refused and names the calls that work', (t) => {
  for (const api of [entry, js]) {
    const error = t.throws(() => api.Loss.fromConfig(config), { instanceOf: TypeError })
    t.regex(error.message, /^Loss\.fromConfig: Loss is abstract/)
    t.regex(error.message, /Hinge\.fromConfig\(config\)/)
    t.regex(error.message, /deserialize\(\{ class_name, config \}\)/)
  }
  t.throws(() => HingeBase.fromConfig(config), { instanceOf: TypeError, message: /^Hinge\.fromConfig: Hinge is abstract/ })
  t.throws(() => entry.Loss.fromConfig.call(undefined, config), { instanceOf: TypeError, message: /^Loss\.fromConfig/ })
  // The working calls of the message.
  t.deepEqual(entry.Hinge.fromConfig(config).getConfig(), config)
  t.deepEqual(entry.deserialize({ class_name: 'Hinge', config }).getConfig(), config)
})

test('subclasses of an entry class construct, compute and serialize as their kind', (t) => {
  class Mine extends js.SquaredHinge {}
  const loss = new Mine(config)
  t.is(loss.compute(yTrue, yPred), new js.SquaredHinge(config).compute(yTrue, yPred))
  t.deepEqual(entry.serialize(loss), { class_name: 'SquaredHinge', config })
  t.true(Mine.fromConfig(config) instanceof Mine)
})

const apis = [
  ['default', entry],
  ['js', js],
  ['native kernel', native],
]
const classNames = ['Hinge', 'SquaredHinge', 'CategoricalHinge']
const functionNames = [
  ['hinge', 'hinge'],
  ['squaredHinge', 'squared_hinge'],
  ['categoricalHinge', 'categorical_hinge'],
]

for (const [fromName, from] of apis) {
  for (const [toName, to] of apis) {
    test(`serialize of ${fromName} losses by the ${toName} entry, and back`, (t) => {
      for (const className of classNames) {
        const loss = new from[className](config)
        const serialized = to.serialize(loss)
        t.deepEqual(serialized, { class_name: className, config }, className)
        t.is(to.get(loss), loss)
        const back = to.deserialize(serialized)
        t.true(back instanceof to[className], className)
        t.is(back.compute(yTrue, yPred), loss.compute(yTrue, yPred), className)
      }
      for (const [key, name] of functionNames) {
        const serialized = to.serialize(from[key])
        t.deepEqual(serialized, { class_name: 'function', config: { name } }, key)
        t.is(to.deserialize(serialized), to[key], key)
      }
    })
  }
}

test('serialize refuses look-alikes: an unconstructed instance, a foreign function of the same name', (t) => {
  const unknown = { instanceOf: entry.LossInputError, code: 'ERR_UNKNOWN_LOSS' }
  const lookAlike = Object.create(entry.Hinge.prototype)
  t.true(lookAlike instanceof entry.Loss)
  t.throws(() => entry.serialize(lookAlike), unknown)
  t.throws(() => entry.get(lookAlike), unknown)
  const hinge = (a, b) => entry.hinge(a, b)
  Object.defineProperty(hinge, 'name', { value: 'hinge' })
  t.throws(() => entry.serialize(hinge), unknown)
  for (const bad of [null, undefined, 'hinge', {}, { class_name: 'Hinge' }]) t.throws(() => js.serialize(bad), unknown)
})

test('MeanMetric is abstract at run time too: construction and fromConfig are refused clearly', (t) => {
  for (const api of [entry, js]) {
    t.throws(() => new api.MeanMetric(), { instanceOf: TypeError, message: /^Cannot construct MeanMetric: it is abstract/ })
    t.throws(() => api.MeanMetric.fromConfig({ name: 'hinge' }), { instanceOf: TypeError, message: /metrics\.Hinge\.fromConfig/ })
    t.is(api.metrics.Hinge.fromConfig({ name: 'h' }).name, 'h')
  }
})
