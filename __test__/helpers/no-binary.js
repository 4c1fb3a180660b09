// Preloaded with `node -r` to play a platform without a prebuilt binary: loading the
// native binding fails as it would when no platform package matches.
const Module = require('node:module')

const load = Module._load
Module._load = function (request, ...rest) {
  if (/\.node$/.test(request)) throw new Error(`no prebuilt binary for this platform (${request})`)
  return load.call(this, request, ...rest)
}
