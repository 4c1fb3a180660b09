export * from './dist/bullmq'
