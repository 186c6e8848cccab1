import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A folder argument means its devops.yaml; anything else is taken as the file itself. */
export async function resolveConfigPath(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, 'devops.yaml') : path;
  } catch {
    return path; // the loader reports a missing file as a problem
  }
}
