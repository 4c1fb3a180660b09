// A short soak in a child process of its own (RSS is per process): scripts/soak.js with
// 20000 sync and 4000 async calls must end with RSS grown by less than 10 MiB.
const test = require('ava')
const { execFile } = require('node:child_process')
const path = require('node:path')

const SCRIPT = path.join(__dirname, '..', 'scripts', 'soak.js')

for (const backend of ['js', 'native']) {
  test(`soak: 20000 sync and 4000 async calls leave RSS within 10 MiB [${backend}]`, async (t) => {
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, [SCRIPT, '20000', '4000', backend], { timeout: 120_000 }, (error, out, err) =>
        resolve({ code: error ? error.code : 0, stdout: out, stderr: err }),
      )
    })
    t.log(stdout.trim())
    t.is(code, 0, stdout + stderr)
    t.regex(stdout, /20000 sync \+ 4000 async calls/)
  })
}
