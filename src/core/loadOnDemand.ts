import { DevopsError } from './errors';

// Heavy libraries that only some commands need live in modules named *.lazy.ts. The
// extension bundle leaves them out and requires their own file (dist/<name>.lazy.js) on
// first use (see scripts/build.mjs); under tsc and in the CLI bundle the same import
// resolves to the module itself. A missing or broken file must end in a clear error
// rather than a feature that silently does nothing.

/** Runs `load` (an `import('./x.lazy.js')`) and names `feature` when it fails. */
export async function loadOnDemand<T>(feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DevopsError('io', `DevOps Loop could not load its ${feature} code (${detail}); reinstalling the extension restores it.`, { cause: error });
  }
}
