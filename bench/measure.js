// One workload against a list of rows (contenders and rooflines): each row prepared and
// run once for its result (which also warms it up), then the fast rows timed in
// interleaved rounds, the slow ones call by call.
const { ROUNDS, SLOW_CALLS, median, perCall, calibrate, sampleRound } = require('./timing')
const { gradientMismatch } = require('./agreement')

/** A row's first result: a number, or `{ value, grad }` for a gradient call. */
const outcome = (result) => (typeof result === 'number' ? { value: result } : result)

/**
 * `{ id, seconds, rounds, interleaved, value, grad? }` per row, or `{ id, skipped }` with the
 * reason a row does not apply. `rounds` holds one figure per round (per call for slow
 * rows), in round order: when `interleaved`, round k of the row ran next to round k of
 * every other interleaved row.
 * `grad` compares a gradient with the first row's (the default entry's).
 */
async function measureRows(workload, data, rows, log, { rounds = ROUNDS } = {}) {
  const results = new Map()
  const timed = []
  let reference
  for (const row of rows) {
    const skipped = row.skip?.(workload, data)
    if (skipped !== undefined) {
      results.set(row.id, { id: row.id, skipped })
      continue
    }
    const run = await row.prepare(workload, data)
    const { value, grad } = outcome(await run())
    const result = { id: row.id, value, rounds: [] }
    if (grad !== undefined) {
      if (reference === undefined) reference = Float64Array.from(grad)
      else result.grad = gradientMismatch(reference, grad)
    }
    results.set(row.id, result)
    timed.push({ row, run, result })
  }

  for (const t of timed) t.plan = t.row.planFor?.(workload) ?? t.row.plan ?? 'fast'
  const fast = timed.filter((t) => t.plan === 'fast')
  for (const t of fast) {
    t.calls = await calibrate(t.run, t.row.async)
    t.result.interleaved = true
  }
  for (let k = 0; k < rounds; k++) {
    // Alternate the order, so no row always runs first (or right after a slow one).
    for (const t of k % 2 === 0 ? fast : [...fast].reverse()) t.result.rounds.push(await sampleRound(t.run, t.calls, t.row.async))
  }
  for (const t of timed.filter((x) => !fast.includes(x))) {
    for (let i = 0; i < SLOW_CALLS[t.plan]; i++) t.result.rounds.push(await perCall(t.run, 1, t.row.async))
  }

  for (const { row, result } of timed) {
    result.seconds = median(result.rounds)
    const [low, high] = [Math.min(...result.rounds), Math.max(...result.rounds)]
    const ms = (s) => (s * 1e3).toPrecision(4)
    log(`${workload.id.padEnd(8)} ${row.label.padEnd(16)} ${ms(result.seconds).padStart(10)} ms (${ms(low)}–${ms(high)})  ${(data.bytes / result.seconds / 1e9).toFixed(2).padStart(7)} GB/s`)
  }
  return rows.map((row) => results.get(row.id))
}

module.exports = { measureRows }
