// Types of index.mjs: those of the CommonJS entry it re-exports.
export * from './index.js'
