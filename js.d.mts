// Types of js.mjs: those of the CommonJS entry it re-exports.
export * from './js.js'
