import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeNpy } from '../npy/writer'
import { mulberry32 } from '../random'
import type { LossName } from '../types'

const ROWS = 500_000
const COLS = 8

export interface DemoFiles {
  dir: string
  /** The y_true file of each loss: {0,1} labels for the hinge pair, one-hot rows for categorical hinge. */
  yTrue: Record<LossName, string>
  yPred: string
}

/** Writes a generated data set (ROWS × COLS float32 scores and their labels) as .npy files in a new temporary directory. */
export async function writeDemoFiles(): Promise<DemoFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'hinge-losses-demo-'))
  const next = mulberry32(2026)
  const shape = [ROWS, COLS]
  const binary = new Uint8Array(ROWS * COLS).map(() => (next() < 0.5 ? 1 : 0))
  const oneHot = new Uint8Array(ROWS * COLS)
  const ids = new Int32Array(ROWS)
  for (let r = 0; r < ROWS; r++) {
    ids[r] = Math.floor(next() * COLS)
    oneHot[r * COLS + ids[r]!] = 1
  }
  const files: DemoFiles = {
    dir,
    yTrue: {
      hinge: join(dir, 'y_true_binary.npy'),
      squared_hinge: join(dir, 'y_true_binary.npy'),
      categorical_hinge: join(dir, 'y_true_one_hot.npy'),
      sparse_categorical_hinge: join(dir, 'y_true_ids.npy'),
    },
    yPred: join(dir, 'y_pred.npy'),
  }
  await writeNpy(files.yTrue.hinge, binary, shape)
  await writeNpy(files.yTrue.categorical_hinge, oneHot, shape)
  await writeNpy(files.yTrue.sparse_categorical_hinge, ids, [ROWS])
  await writeNpy(files.yPred, new Float32Array(ROWS * COLS).map(() => next() * 4 - 2), shape)
  return files
}
