// Deep copies of call arguments, to prove a call left them exactly as they were.

/** A copy of `value`; a typed array's whole underlying buffer is copied, garbage around the view included. */
const snapshot = (value) => structuredClone(value)

function sameBytes(a, b) {
  return (
    a.constructor === b.constructor &&
    a.byteOffset === b.byteOffset &&
    a.length === b.length &&
    Buffer.from(a.buffer).equals(Buffer.from(b.buffer))
  )
}

/** `value` is, bit for bit and down to its buffers' unviewed bytes, its `copy`. */
function unchanged(value, copy) {
  if (ArrayBuffer.isView(value)) return ArrayBuffer.isView(copy) && sameBytes(value, copy)
  if (Array.isArray(value)) return Array.isArray(copy) && value.length === copy.length && value.every((v, i) => unchanged(v, copy[i]))
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
    return keys.length === Object.keys(copy).length && keys.every((k) => unchanged(value[k], copy[k]))
  }
  return Object.is(value, copy)
}

module.exports = { snapshot, unchanged }
