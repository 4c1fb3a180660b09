/**
 * A tensor of another library with its properties read: the `{ data, shape, dtype }`
 * that `parseTensorLike` then validates like any other. Nothing in it runs caller code.
 */
export interface ForeignTensor {
  /**
   * A typed array of the kind the library's dtype names (checked by the reader), or, with
   * `chunked`, an array of several of that kind read end to end (Arrow's chunks).
   */
  data: unknown
  shape: unknown
  dtype?: 'float16'
  chunked?: true
}
