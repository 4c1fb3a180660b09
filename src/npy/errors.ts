/** A file that is not an .npy array this package can read: what is wrong is in the message. */
export class NpyFormatError extends Error {
  readonly code = 'ERR_NPY_FORMAT'

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`)
    this.name = 'NpyFormatError'
  }
}
