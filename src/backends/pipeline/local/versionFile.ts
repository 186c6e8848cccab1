import { readFileCapped } from '../../../core/boundedRead';
import { DevopsError } from '../../../core/errors';
import { isVersion } from '../../../core/pipeline/conventionalCommits';

/** A file holding the project's version: a JSON file with "version" (package.json) or a plain VERSION file. */
export interface VersionFile {
  version: string;
  /** The file's text with the version replaced. */
  withVersion(next: string): string;
}

export async function readVersionFile(path: string, label: string): Promise<VersionFile> {
  // A version file is a few KB; 1 MB is far past any real package.json.
  const text = (await readFileCapped(path, 1024 * 1024, `version file ${label}`)).toString('utf8');
  return label.endsWith('.json') ? jsonVersion(text, label) : plainVersion(text, label);
}

function jsonVersion(text: string, label: string): VersionFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DevopsError('invalid-data', `version file ${label} cannot be parsed: ${(error as Error).message}`, { cause: error });
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' || !isVersion(version)) {
    throw new DevopsError('invalid-data', `version file ${label} has no "version" of the form 1.2.3`);
  }
  // Keep the file's own indentation and final newline, so the diff is one line.
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return {
    version,
    withVersion: (next) => `${JSON.stringify({ ...(data as object), version: next }, null, indent)}${text.endsWith('\n') ? '\n' : ''}`,
  };
}

function plainVersion(text: string, label: string): VersionFile {
  const version = text.trim().replace(/^v/, '');
  if (!isVersion(version)) throw new DevopsError('invalid-data', `version file ${label} cannot be parsed: expected a version such as 1.2.3`);
  return { version, withVersion: (next) => text.replace(version, next) };
}
