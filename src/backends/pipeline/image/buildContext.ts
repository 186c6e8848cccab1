import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readFileCapped } from '../../../core/boundedRead';
import { DevopsError } from '../../../core/errors';
import { resolveInWorkspace } from '../../../core/workspacePath';
import { DockerIgnore } from './dockerIgnore';
import { TarWriter } from './tarWriter';

// The build context of an image stage as the tar the engine's /build takes. devops.yaml
// names the context and Dockerfile, so both are resolved inside the workspace (links
// included); inside, links are archived as links and never followed, so the engine can
// read nothing of the machine beyond the context. .dockerignore is honoured.

/** A context past this is almost always a missing .dockerignore (node_modules, .git). */
export const maxContextBytes = 512 * 1024 * 1024;

/** Where a Dockerfile outside the context folder travels inside the archive. */
const outsideDockerfileName = '.devops-loop.Dockerfile';

export interface BuildContext {
  tar: Buffer;
  /** The Dockerfile's path inside the archive, as /build's `dockerfile` query wants it. */
  dockerfile: string;
  files: number;
}

export async function packBuildContext(workspace: string, contextPath: string, dockerfilePath: string | undefined): Promise<BuildContext> {
  const root = await resolveInWorkspace(workspace, contextPath, 'the image context');
  const dockerfileFull = await resolveInWorkspace(workspace, dockerfilePath ?? join(contextPath, 'Dockerfile'), 'the Dockerfile');
  const ignore = DockerIgnore.parse(await readFile(join(root, '.dockerignore'), 'utf8').catch(() => ''));
  const tar = new TarWriter(maxContextBytes);
  let files = 0;
  const walk = async (folder: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch (error) {
      throw new DevopsError('not-found', `the image context ${contextPath} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
    for (const name of names) {
      const full = join(folder, name);
      const inside = relative(root, full).split(sep).join('/');
      if (ignore.ignores(inside)) continue;
      const stat = await lstat(full);
      let added = true;
      if (stat.isSymbolicLink()) added = tar.add({ name: inside, type: 'symlink', mode: 0o777, linkName: await readlink(full) });
      else if (stat.isDirectory()) {
        added = tar.add({ name: inside, type: 'directory', mode: stat.mode });
        if (added) await walk(full);
      } else if (stat.isFile()) {
        added = tar.add({ name: inside, type: 'file', mode: stat.mode, data: await readFile(full) });
        files++;
      }
      if (!added) throw new DevopsError('invalid-data', `the image context ${contextPath} is larger than ${maxContextBytes / 1024 / 1024} MB; leave build output and dependencies out with a .dockerignore`);
    }
  };
  await walk(root);
  const inContext = relative(root, dockerfileFull).split(sep).join('/');
  let dockerfile = inContext;
  if (inContext.startsWith('../') || ignore.ignores(inContext)) {
    // A Dockerfile beside the context (or ignored in it) still has to reach the engine.
    const data = await readFileCapped(dockerfileFull, 1024 * 1024, `the Dockerfile ${dockerfilePath ?? ''}`.trim());
    tar.add({ name: outsideDockerfileName, type: 'file', mode: 0o644, data });
    dockerfile = outsideDockerfileName;
  } else if (!(await lstat(dockerfileFull).catch(() => undefined))?.isFile()) {
    throw new DevopsError('not-found', `there is no Dockerfile at ${relative(workspace, dockerfileFull) || dockerfileFull}`);
  }
  return { tar: tar.finish(), dockerfile, files };
}
