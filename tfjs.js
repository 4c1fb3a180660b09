// The `hinge-losses/tfjs` entry: the losses as TensorFlow.js losses (see src/tfjs.ts).
module.exports = require('./dist/tfjs.js')
