// The package as users get it: `npm pack` of the main package and of this platform's binary
// package, installed from the tarballs into fresh projects outside the repository. Builds
// nothing: `npm test` has built dist/ and the .node before ava runs.
const test = require('ava')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { promisify } = require('node:util')
const { familySync } = require('detect-libc')
const { platformName } = require('../dist/native/load-binding.js')

const root = path.join(__dirname, '..')
const fixtures = path.join(__dirname, 'packed')
const manifest = require('../package.json')
const platform = platformName(process.platform, process.arch, familySync())
const platformPackage = `hinge-losses-${platform}`
const HINGE = Math.fround(1.3) // Hinge on yTrue [[0,1],[0,0]], yPred [[0.6,0.4],[0.4,0.6]], float32

const exec = promisify(execFile)

/** Runs a command; on failure the error carries its output, so ava shows why. */
async function run(command, args, options) {
  try {
    // npm is a .cmd script on Windows, which only a shell can start.
    const shell = process.platform === 'win32' && command === 'npm'
    const { stdout } = await exec(command, args, { encoding: 'utf8', maxBuffer: 16 << 20, shell, ...options })
    return stdout.trim()
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout}${error.stderr}`)
  }
}

// The caller's backend choice would change what the installed package is expected to do.
const baseEnv = { ...process.env }
delete baseEnv.HINGE_LOSSES_BACKEND
const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund'], { cwd, env: baseEnv })
const node = (args, cwd, env) => run(process.execPath, args, { cwd, env: { ...baseEnv, ...env } })

/** Packs `dir` into `into` without lifecycle scripts (nothing is rebuilt); returns the tarball and its file list. */
async function pack(dir, into) {
  const [result] = JSON.parse(await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', into], dir))
  return { tarball: path.join(into, result.filename), files: result.files.map((f) => f.path) }
}

/** A fresh project in `dir` with `tarballs` installed, as `npm install` gives users. */
async function project(dir, tarballs, flags = []) {
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }))
  for (const file of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, file), path.join(dir, file))
  fs.copyFileSync(path.join(fixtures, 'consumer.ts'), path.join(dir, 'consumer.mts'))
  await npm(['install', ...flags, ...tarballs], dir)
  return dir
}

test.before(async (t) => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-packed-'))
  t.context.temp = temp // set first, so a failed setup is cleaned up too
  // The platform package gets its binary in a copy, so no artifact is left in npm/.
  const staged = path.join(temp, platformPackage)
  fs.cpSync(path.join(root, 'npm', platform), staged, { recursive: true })
  fs.copyFileSync(path.join(root, `hinge-losses.${platform}.node`), path.join(staged, `hinge-losses.${platform}.node`))
  const [main, binary] = await Promise.all([pack(root, temp), pack(staged, temp)])
  const [withBinary, withoutBinary] = await Promise.all([
    project(path.join(temp, 'with-binary'), [main.tarball, binary.tarball]),
    project(path.join(temp, 'without-binary'), [main.tarball], ['--omit=optional']),
  ])
  Object.assign(t.context, { main, binary, withBinary, withoutBinary })
})

test.after.always((t) => {
  if (t.context.temp) fs.rmSync(t.context.temp, { recursive: true, force: true })
})

test('the main tarball holds the entries, dist/, the demo and nothing from the build', (t) => {
  const { files } = t.context.main
  for (const entry of ['index.js', 'index.mjs', 'index.d.ts', 'index.d.mts', 'js.js', 'js.mjs', 'js.d.ts', 'js.d.mts', 'tfjs.js', 'tfjs.mjs', 'tfjs.d.ts', 'tfjs.d.mts', 'bullmq.js', 'bullmq.mjs', 'bullmq.d.ts', 'bullmq.d.mts', 'dist/native/load-binding.js', 'examples/demo.js', 'LICENSE', 'README.md']) {
    t.true(files.includes(entry), entry)
  }
  t.deepEqual(
    files.filter((f) => /^(src|crates|npm|__test__|bench|scripts|target)\/|\.node$|\.ts$/.test(f) && !f.endsWith('.d.ts')),
    [],
  )
  t.deepEqual(t.context.binary.files.sort(), [`hinge-losses.${platform}.node`, 'package.json', 'README.md'].sort())
})

test('attw and publint find no problem in the main tarball', async (t) => {
  const attwCli = path.join(path.dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js')
  const attw = JSON.parse(await node([attwCli, t.context.main.tarball, '--format', 'json'], root))
  t.deepEqual(attw.analysis.problems, [])
  const { publint } = await import('publint')
  const tarball = fs.readFileSync(t.context.main.tarball)
  const { messages } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.length) }, strict: true })
  t.deepEqual(messages, [])
})

test('require and import give every entry, the default one on the platform binary', async (t) => {
  const dir = t.context.withBinary
  const { report: required, tfjs } = JSON.parse(await node(['entries.cjs'], dir))
  const { report: imported, tfjs: tfjsImported } = JSON.parse(await node(['entries.mjs'], dir))
  t.deepEqual(tfjs, ['tfjsLoss'])
  t.deepEqual(tfjsImported, ['__esModule', 'tfjsLoss'])
  // Node's CommonJS interop also passes on the `__esModule` marker; every other name matches.
  t.deepEqual(
    imported,
    required.map((entry) => ({ ...entry, exports: [...entry.exports, '__esModule'].sort() })),
  )
  t.like(required, [
    { name: 'hinge-losses', backend: 'native', value: HINGE },
    { name: 'hinge-losses/js', backend: 'js', value: HINGE },
  ])
  t.true(required[0].exports.includes('Hinge'))
  t.deepEqual(required[1].exports, required[0].exports)
})

test('TypeScript 5.9 consumers type-check under nodenext and under commonjs with node10', async (t) => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  t.regex(await node([tsc, '--version']), /^Version 5\.9\./)
  // @types/node comes from the repository; the consumer project installs only the package.
  const typeRoots = ['--typeRoots', path.join(root, 'node_modules', '@types')]
  await Promise.all(
    ['tsconfig.nodenext.json', 'tsconfig.node10.json'].map((config) => t.notThrowsAsync(node([tsc, '-p', config, ...typeRoots], t.context.withBinary), config)),
  )
})

test('the shipped demo runs on the platform binary', async (t) => {
  const out = await node([path.join('node_modules', 'hinge-losses', 'examples', 'demo.js')], t.context.withBinary)
  t.regex(out, /backend: native/)
  t.regex(out, /hinge\s+\d\.\d{6}/)
})

test('worker_threads workers load the platform binary', async (t) => {
  t.deepEqual(JSON.parse(await node(['workers.cjs'], t.context.withBinary)), [
    ['native', HINGE],
    ['native', HINGE],
  ])
})

test('without the optional platform package the default entry falls back to pure TS', async (t) => {
  const dir = t.context.withoutBinary
  t.false(fs.existsSync(path.join(dir, 'node_modules', platformPackage)))
  const [main, js] = JSON.parse(await node(['entries.mjs'], dir)).report
  t.like(main, { backend: 'js', value: HINGE })
  t.like(js, { backend: 'js', value: HINGE })
  const demanded = await node(
    ['-e', "try { require('hinge-losses').hinge([1], [1]) } catch (e) { console.log(e.code + ' ' + e.message) }"],
    dir,
    { HINGE_LOSSES_BACKEND: 'native' },
  )
  t.true(demanded.startsWith('ERR_NATIVE_UNAVAILABLE '), demanded)
  t.true(demanded.includes(`package ${platformPackage}`), demanded)
})

test('every napi target has a platform package named as the loader looks it up', (t) => {
  const dirs = fs.readdirSync(path.join(root, 'npm')).sort()
  t.is(dirs.length, manifest.napi.targets.length)
  for (const dir of dirs) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'npm', dir, 'package.json'), 'utf8'))
    const name = platformName(pkg.os[0], pkg.cpu[0], pkg.libc?.[0] ?? null)
    t.is(dir, name)
    t.like(pkg, { name: `hinge-losses-${name}`, version: manifest.version, main: `hinge-losses.${name}.node` })
  }
})
