// The `hinge-losses/js` entry: the same API on the pure-TypeScript backend only.
module.exports = require('./dist/js.js')
