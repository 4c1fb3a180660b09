import { NpyReader } from '../npy/reader'

/** A problem with the command line or its input files: reported in one line, exit code 2. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliInputError'
  }
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
}

/** Opens the .npy file given to `option`, turning file-system errors into a readable refusal. */
export async function openInput(option: string, file: string): Promise<NpyReader> {
  try {
    return await NpyReader.open(file)
  } catch (error) {
    const reason = FILE_ERRORS[(error as { code?: string }).code ?? '']
    if (reason !== undefined) throw new CliInputError(`${option} ${file}: ${reason}`)
    throw error
  }
}
