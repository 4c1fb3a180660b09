export * from './dist/js'
