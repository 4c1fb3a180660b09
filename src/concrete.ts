/**
 * Whether a class can compute: an entry's class (or a subclass of one) supplies `engine`.
 * `Loss`, `MeanMetric` and their per-kind bases are abstract in TypeScript only, so
 * JavaScript callers could otherwise build an instance whose first call fails far from
 * the cause.
 */
export function isConcrete(target: unknown): boolean {
  if (typeof target !== 'function') return false
  const prototype: unknown = target.prototype
  return typeof prototype === 'object' && prototype !== null && typeof (prototype as { engine?: unknown }).engine === 'function'
}
