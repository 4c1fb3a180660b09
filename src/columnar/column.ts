import { ColumnarError } from './errors'

/**
 * The index of the column to read: the one named, or the only one. Several columns and no
 * name, or a name not there, are refused with the columns listed.
 */
export function pickColumn(file: string, names: readonly string[], column: string | undefined): number {
  const list = names.map((n) => JSON.stringify(n)).join(', ')
  if (column === undefined) {
    if (names.length === 1) return 0
    if (names.length === 0) throw new ColumnarError(file, 'has no columns')
    throw new ColumnarError(file, `has ${names.length} columns (${list}); name one as ${file}#COLUMN`)
  }
  const index = names.indexOf(column)
  if (index < 0) throw new ColumnarError(file, `has no column "${column}"; its columns are ${list}`)
  return index
}
