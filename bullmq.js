// The `hinge-losses/bullmq` entry: evaluations over BullMQ workers on Redis (see src/bullmq.ts).
module.exports = require('./dist/bullmq.js')
