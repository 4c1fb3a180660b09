// The ES-module `hinge-losses/tfjs` entry, re-exporting the CommonJS one as index.mjs does.
export * from './tfjs.js'
