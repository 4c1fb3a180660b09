// Preloaded (node -r) into a CLI run: prints the process's peak resident set size, in KiB,
// on stderr as it exits, for the tests that check memory stays flat. Linux's VmHWM starts
// afresh at exec; getrusage's maxRSS, the fallback elsewhere, may include the parent's
// before the exec, as Linux keeps it across one.
const fs = require('node:fs')

function peakKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))
    if (match !== null) return Number(match[1])
  } catch {}
  return process.resourceUsage().maxRSS
}

process.on('exit', () => fs.writeSync(2, `peak-rss-kib ${peakKiB()}\n`))
