// Loads the package in two worker_threads workers at once and prints what each computed.
const { Worker } = require('node:worker_threads')

const code = `
  const { parentPort } = require('node:worker_threads')
  const { Hinge, backend } = require('hinge-losses')
  new Hinge().computeAsync([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).then((value) => parentPort.postMessage([backend(), value]))
`
const run = () =>
  new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
Promise.all([run(), run()]).then((results) => console.log(JSON.stringify(results)))
