// Types of bullmq.mjs: those of the CommonJS entry it re-exports.
export * from './bullmq.js'
