export * from './dist/tfjs'
