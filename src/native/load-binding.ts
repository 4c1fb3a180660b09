import { MUSL, familySync } from 'detect-libc'
import { join } from 'node:path'

/** The package root: this file is compiled to dist/native/. */
const ROOT = join(__dirname, '..', '..')
const PACKAGE = 'hinge-losses'

/**
 * The platform part of a binary's name, as napi-rs spells it in `napi.targets`' package
 * names (`linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`): Linux names its C library,
 * because a glibc binary does not load on musl and the reverse.
 */
export function platformName(platform: string, arch: string, libc: string | null): string {
  if (platform === 'linux') return `linux-${arch}-${libc === MUSL ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** The first line of a load error: Node appends the whole require stack to the rest. */
const reason = (error: unknown): string => String(error instanceof Error ? error.message : error).split('\n')[0]!

/**
 * The prebuilt binary npm installed as this platform's optional dependency. Its version
 * must be ours: the binding's arguments change between releases, so a stale binary left
 * by a partial upgrade is refused rather than called with the wrong layout.
 */
function fromPlatformPackage(name: string): unknown {
  const binding: unknown = require(name)
  const version = (require(`${name}/package.json`) as { version: string }).version
  const ours = (require(join(ROOT, 'package.json')) as { version: string }).version
  if (version !== ours) throw new Error(`${name} is version ${version}, ${PACKAGE} is ${ours}: reinstall so they match`)
  return binding
}

/**
 * Loads the native binding, trying in order:
 * 1. the platform package `hinge-losses-<platform>`, which is how users get the binary;
 * 2. `hinge-losses.<platform>.node` at the package root, which `npm run build:native`
 *    writes in a checkout (development); a published package never contains it.
 * When both fail it throws one Error naming every attempt, so the caller can fall back to
 * the pure-TS backend or, when native was demanded, report exactly what was missing.
 *
 * `require` keeps one module cache per thread, so each worker_threads worker loads the
 * addon for itself; napi-rs addons are context-aware, which makes that safe.
 */
export function requireBinding(): unknown {
  const platform = platformName(process.platform, process.arch, familySync())
  const attempts: Array<[where: string, load: () => unknown]> = [
    [`package ${PACKAGE}-${platform}`, () => fromPlatformPackage(`${PACKAGE}-${platform}`)],
    [`file ${PACKAGE}.${platform}.node`, () => require(join(ROOT, `${PACKAGE}.${platform}.node`))],
  ]
  const failures: string[] = []
  const errors: unknown[] = []
  for (const [where, load] of attempts) {
    try {
      return load()
    } catch (error) {
      failures.push(`${where}: ${reason(error)}`)
      errors.push(error)
    }
  }
  throw new Error(`no native binary for ${platform} (${failures.join('; ')})`, { cause: new AggregateError(errors) })
}
