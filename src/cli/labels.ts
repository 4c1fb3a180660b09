import type { LabelMode } from '../job'
import type { DType, NumberArray } from '../types'

/**
 * Keras' {0,1} rule over a whole file read in chunks. Labels of 1 read the same whether
 * converted or not, so chunks are computed as converted while every label so far is 0 or
 * 1; the first other label switches to 'keep', and only if a 0 came before it must the
 * chunks already done be computed again (`redo`).
 */
export class LabelDecision {
  mode: LabelMode
  /** A chunk already computed as converted held a 0. */
  private convertedZero = false

  constructor(hingeFamily: boolean) {
    this.mode = hingeFamily ? 'convert' : 'keep'
  }

  /** Looks at a chunk's labels (cast to `dtype`) before it is computed; true when the chunks before it must be redone. */
  see(labels: NumberArray, dtype: DType): boolean {
    if (this.mode === 'keep') return false
    const f32 = dtype === 'float32'
    let zero = false
    for (let i = 0; i < labels.length; i++) {
      const t = f32 ? Math.fround(labels[i]!) : labels[i]!
      if (t === 0) zero = true
      else if (t !== 1) {
        this.mode = 'keep'
        return this.convertedZero
      }
    }
    this.convertedZero ||= zero
    return false
  }
}
