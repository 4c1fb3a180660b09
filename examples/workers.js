// A data set on SharedArrayBuffers, cut into batches and evaluated in worker threads; the
// workers' states are merged into one metric. Run: node examples/workers.js
const { evaluateInWorkers, metrics, splitBatches } = require('..')

const ROWS = 400_000
const COLS = 8

/** A typed array on a SharedArrayBuffer, filled in place. */
function shared(Kind, length, value) {
  const array = new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT))
  for (let i = 0; i < length; i++) array[i] = value(i)
  return array
}

async function main() {
  const yTrue = shared(Uint8Array, ROWS * COLS, (i) => Number(i % COLS === (i * 31) % 5))
  const yPred = shared(Float32Array, ROWS * COLS, (i) => ((i * 7919) % 1000) / 250 - 2)
  const shape = [ROWS, COLS]
  const batches = splitBatches({ yTrue: { data: yTrue, shape }, yPred: { data: yPred, shape } }, 50_000)

  const oneByOne = new metrics.CategoricalHinge()
  for (const { yTrue, yPred } of batches) oneByOne.updateState(yTrue, yPred)

  const parallel = new metrics.CategoricalHinge()
  const result = await evaluateInWorkers(parallel, batches, { workers: 2 })
  console.log(`${batches.length} batches in 2 workers: ${result}; one by one: ${oneByOne.result()}`)
}

main()
