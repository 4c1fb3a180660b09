// The ES-module `hinge-losses/bullmq` entry, re-exporting the CommonJS one as index.mjs does.
export * from './bullmq.js'
