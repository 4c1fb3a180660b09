// Every JavaScript example in README.md and docs/*.md, run as a user would run it: saved to
// a file in a fresh project whose node_modules/hinge-losses is this repository (built), then
// run with node. An example must exit cleanly with nothing on stderr; where its lines end in
// `// → output`, what it prints must be exactly those outputs, in order (whitespace aside).
// Other languages (sh, ts, …) are not run; a js block preceded by `<!-- not run -->` is
// skipped, for an example that cannot run alone.
const test = require('ava')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.join(__dirname, '..')
const RUNNABLE = new Set(['js', 'javascript', 'cjs', 'mjs'])
const SKIP = '<!-- not run -->'
const OUTPUT = /\/\/ → (.*)$/

/** The fenced code blocks of a Markdown file: language, first line number, code, whether marked to skip. */
function codeBlocks(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/)
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i])
    if (!open) continue
    let end = i + 1
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++
    let before = i - 1
    while (before >= 0 && lines[before].trim() === '') before--
    blocks.push({ lang: open[1], line: i + 1, code: lines.slice(i + 1, end).join('\n'), skip: lines[before]?.trim() === SKIP })
    i = end
  }
  return blocks
}

const normalize = (text) => text.trim().split(/\s+/).join(' ')

const files = [path.join(root, 'README.md'), ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(root, 'docs', f))]
const examples = files.flatMap((file) =>
  codeBlocks(file)
    .filter((block) => RUNNABLE.has(block.lang) && !block.skip)
    .map((block) => ({ ...block, where: `${path.relative(root, file)}:${block.line}` })),
)

test.before((t) => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-readme-'))
  t.context.project = project
  fs.mkdirSync(path.join(project, 'node_modules'))
  // A junction needs no privilege on Windows; elsewhere the type is ignored.
  fs.symlinkSync(root, path.join(project, 'node_modules', 'hinge-losses'), 'junction')
})

test.after.always((t) => {
  if (t.context.project) fs.rmSync(t.context.project, { recursive: true, force: true })
})

test('the README has runnable examples, and every one shows its imports', (t) => {
  t.true(examples.filter((e) => e.where.startsWith('README.md')).length >= 5)
  for (const { code, where } of examples) t.regex(code, /\brequire\('hinge-losses'\)|from 'hinge-losses'/, where)
})

for (const example of examples) {
  test(`${example.where} runs and prints what it says`, async (t) => {
    const esm = example.lang === 'mjs' || /^import\s/m.test(example.code)
    const file = path.join(t.context.project, `example-${example.line}.${esm ? 'mjs' : 'cjs'}`)
    fs.writeFileSync(file, example.code)
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, [file], { cwd: t.context.project, encoding: 'utf8', timeout: 120_000 }, (error, out, err) =>
        resolve({ code: error ? (error.code ?? error.signal) : 0, stdout: out, stderr: err }),
      )
    })
    t.is(code, 0, stderr)
    t.is(stderr, '')
    const expected = example.code.split('\n').flatMap((line) => OUTPUT.exec(line)?.[1] ?? [])
    if (expected.length > 0) t.is(normalize(stdout), normalize(expected.join('\n')))
  })
}
