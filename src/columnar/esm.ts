import { pathToFileURL } from 'node:url'

/**
 * `import()` kept as written: TypeScript turns it into `require()` under "module":
 * "commonjs", and a require of an ES module fails before Node 20.19.
 */
const importUrl = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>

/** An ES-module-only package, found from this package as `require` would find it, then imported. */
export async function importEsm<T>(specifier: string): Promise<T> {
  return (await importUrl(pathToFileURL(require.resolve(specifier)).href)) as T
}
