// Types of tfjs.mjs: those of the CommonJS entry it re-exports.
export * from './tfjs.js'
