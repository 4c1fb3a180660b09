// The ES-module entry. It re-exports the CommonJS entry rather than a second build, so
// `import` and `require` share one module instance: one backend choice, one thread pool.
// Node reads the names from the CommonJS module, so every export of it is here too.
export * from './index.js'
