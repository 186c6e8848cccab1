import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readFileCapped } from '../../../core/boundedRead';
import { DevopsError } from '../../../core/errors';
import { resolveInWorkspace } from '../../../core/workspacePath';
import dockerIgnore from '@balena/dockerignore';
import { pack, type Header } from 'tar-stream';

// The build context of an image stage as the tar the engine's /build takes. devops.yaml
// names the context and Dockerfile, so both are resolved inside the workspace (links
// included); inside, links are archived as links and never followed, so the engine can
// read nothing of the machine beyond the context. .dockerignore is honoured.
// @balena/dockerignore follows Docker's own matcher (moby's fileutils), so a context leaves
// out what `docker build` would; tar-stream writes the archive (PAX headers for long names
// and link targets), so neither is hand-written here.

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
  const ignore = dockerIgnore().add(await readFile(join(root, '.dockerignore'), 'utf8').catch(() => ''));
  const archive = new ContextArchive();
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
      if (stat.isSymbolicLink()) archive.add({ name: inside, type: 'symlink', mode: 0o777, linkname: await readlink(full) });
      else if (stat.isDirectory()) {
        archive.add({ name: `${inside}/`, type: 'directory', mode: stat.mode });
        await walk(full);
      } else if (stat.isFile()) {
        archive.add({ name: inside, type: 'file', mode: stat.mode }, await readFile(full));
        files++;
      }
      if (archive.bytes > maxContextBytes) throw new DevopsError('invalid-data', `the image context ${contextPath} is larger than ${maxContextBytes / 1024 / 1024} MB; leave build output and dependencies out with a .dockerignore`);
    }
  };
  await walk(root);
  const inContext = relative(root, dockerfileFull).split(sep).join('/');
  let dockerfile = inContext;
  if (inContext.startsWith('../') || ignore.ignores(inContext)) {
    // A Dockerfile beside the context (or ignored in it) still has to reach the engine.
    const data = await readFileCapped(dockerfileFull, 1024 * 1024, `the Dockerfile ${dockerfilePath ?? ''}`.trim());
    archive.add({ name: outsideDockerfileName, type: 'file', mode: 0o644 }, data);
    dockerfile = outsideDockerfileName;
  } else if (!(await lstat(dockerfileFull).catch(() => undefined))?.isFile()) {
    throw new DevopsError('not-found', `there is no Dockerfile at ${relative(workspace, dockerfileFull) || dockerfileFull}`);
  }
  return { tar: await archive.finish(), dockerfile, files };
}

type EntryHeader = Pick<Header, 'name' | 'type' | 'mode'> & Partial<Pick<Header, 'linkname'>>;

/** The tar being written, collected in memory as the engine's /build takes one body. */
class ContextArchive {
  private readonly packer = pack();
  private readonly chunks: Uint8Array[] = [];
  private readonly ended: Promise<void>;
  /** Header and padded content of what was added: the size cap's measure. */
  bytes = 0;

  constructor() {
    this.packer.on('data', (chunk: unknown) => {
      if (chunk instanceof Uint8Array) this.chunks.push(chunk);
    });
    this.ended = new Promise((resolve, reject) => {
      this.packer.on('end', () => resolve());
      this.packer.on('error', reject);
    });
  }

  add(header: EntryHeader, data?: Buffer): void {
    // A fixed time: the same context gives the same archive, so the engine's build cache hits.
    this.packer.entry({ ...header, mtime: new Date(0) }, data ?? Buffer.alloc(0));
    this.bytes += 512 + Math.ceil((data?.length ?? 0) / 512) * 512;
  }

  async finish(): Promise<Buffer> {
    this.packer.finalize();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
