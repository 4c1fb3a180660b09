// One workload against a list of rows (contenders and rooflines): each row prepared, run
// once for its value (which also warms it up), then timed.
const { time } = require('./timing')

/**
 * `{ id, seconds, value }` per row, or `{ id, skipped }` with the reason a row does not
 * apply (tfjs on float64, the roofline on a latency workload).
 */
async function measureRows(workload, data, rows, log) {
  const results = []
  for (const row of rows) {
    const skipped = row.skip?.(workload)
    if (skipped !== undefined) {
      results.push({ id: row.id, skipped })
      continue
    }
    const run = await row.prepare(workload, data)
    const value = await run()
    const seconds = await time(`${workload.id} ${row.label}`, run, { plan: row.plan, async: row.async })
    log(`${workload.id.padEnd(8)} ${row.label.padEnd(14)} ${(seconds * 1e3).toPrecision(4).padStart(10)} ms  ${(data.bytes / seconds / 1e9).toFixed(2).padStart(7)} GB/s`)
    results.push({ id: row.id, seconds, value })
  }
  return results
}

module.exports = { measureRows }
