// A streaming metric fed three ways: updateState, an async iterable of batches, and an
// object-mode stream.pipeline; then two metrics' states merged. Run: node examples/metrics-stream.js
const { Readable } = require('node:stream')
const { pipeline } = require('node:stream/promises')
const { feedMetric, metricSink, metrics } = require('..')

/** Batches of `rows` rows: {0,1} labels and scores in [-2, 2), made as they are read. */
async function* batches(count, rows = 1000, cols = 4) {
  for (let b = 0; b < count; b++) {
    const yTrue = new Uint8Array(rows * cols).map((_, i) => (i * 7 + b) % 3 === 0 ? 1 : 0)
    const yPred = new Float32Array(rows * cols).map((_, i) => ((i * 13 + b) % 17) / 4 - 2)
    yield { yTrue: { data: yTrue, shape: [rows, cols] }, yPred: { data: yPred, shape: [rows, cols] } }
  }
}

async function main() {
  // Keras' own example: keras.metrics.Hinge gives 0.50625 here.
  const hinge = new metrics.Hinge()
  hinge.updateState([[0, 1, 0, 1], [0, 0, 1, 1]], [[-0.3, 0.2, -0.1, 1.6], [-0.25, -1.0, 0.5, 0.6]])
  console.log('Keras example:', hinge.result(), hinge.state())

  const fromIterable = new metrics.SquaredHinge()
  console.log('feedMetric over 200 batches:', await feedMetric(fromIterable, batches(200)))

  const fromPipeline = new metrics.SquaredHinge()
  await pipeline(Readable.from(batches(200)), metricSink(fromPipeline))
  console.log('stream.pipeline into metricSink:', fromPipeline.result())

  // Two halves counted apart (another process, say) and merged from their plain states.
  const first = new metrics.SquaredHinge()
  const second = new metrics.SquaredHinge()
  let b = 0
  for await (const { yTrue, yPred } of batches(200)) (b++ < 100 ? first : second).updateState(yTrue, yPred)
  first.merge(JSON.parse(JSON.stringify(second.state())))
  console.log('merged halves:', first.result())
}

main()
