/** The Python literals an .npy header dictionary is written with: tuples read as arrays. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue }

/**
 * Parses the subset of Python literal syntax that NumPy writes in .npy headers: dicts,
 * tuples, lists, quoted strings, integers (with Python 2's `L` suffix) and
 * True/False/None. Anything else throws a SyntaxError naming the offset; nothing is evaluated.
 */
export function parsePyLiteral(text: string): PyValue {
  let at = 0
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${at} of ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)}`)
  }
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++
  }
  const expect = (char: string) => {
    skipSpace()
    if (text[at] !== char) fail(`expected '${char}'`)
    at++
  }
  /** Items up to `close`, comma-separated, a trailing comma allowed; reports whether a comma was seen. */
  const sequence = (close: string, item: () => void): boolean => {
    let comma = false
    for (;;) {
      skipSpace()
      if (text[at] === close) break
      item()
      skipSpace()
      if (text[at] === ',') {
        comma = true
        at++
      } else if (text[at] !== close) {
        fail(`expected ',' or '${close}'`)
      }
    }
    at++
    return comma
  }
  const value = (): PyValue => {
    skipSpace()
    const char = text[at]
    if (char === '{') {
      at++
      const dict: { [key: string]: PyValue } = {}
      sequence('}', () => {
        const key = value()
        if (typeof key !== 'string') fail('expected a string key')
        expect(':')
        dict[key as string] = value()
      })
      return dict
    }
    if (char === '(' || char === '[') {
      at++
      const items: PyValue[] = []
      const comma = sequence(char === '(' ? ')' : ']', () => items.push(value()))
      // `(3)` is the number 3 in Python, not a tuple.
      return char === '(' && items.length === 1 && !comma ? items[0]! : items
    }
    if (char === "'" || char === '"') {
      const end = text.indexOf(char, at + 1)
      if (end === -1) fail('unterminated string')
      const s = text.slice(at + 1, end)
      if (s.includes('\\')) fail('escapes in strings are not supported')
      at = end + 1
      return s
    }
    const word = /^(?:-?\d+L?|True|False|None)/.exec(text.slice(at))?.[0] ?? fail('expected a value')
    at += word.length
    if (word === 'True' || word === 'False') return word === 'True'
    if (word === 'None') return null
    return Number(word.replace('L', ''))
  }
  const result = value()
  skipSpace()
  if (at !== text.length) fail('unexpected text after the value')
  return result
}
