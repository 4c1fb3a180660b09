// The package entry: the TypeScript facade compiled to dist/ by `npm run build:ts`.
module.exports = require('./dist/index.js')
