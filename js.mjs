// The ES-module `hinge-losses/js` entry, re-exporting the CommonJS one as index.mjs does.
export * from './js.js'
