import { DevopsError, isCancellation } from '../../../core/errors';
import { readDeployVersion } from '../../../core/pipeline/runOrigin';
import type { StageContext, StageExecutor, StageOutcome } from '../../../core/pipeline/stageExecutor';
import type { EngineAccess } from '../engineAccess';
import { packBuildContext } from './buildContext';
import { buildImage, pushImage, tagImage } from './imageEngine';
import { findRegistryLogin, registryAuthHeader, registryHost } from './registryCredentials';

/** Image tags: the release version and the commit, as a deploy finds them. */
export function imageTags(version: string, commit: string | undefined): string[] {
  const tags = [version.replace(/[^A-Za-z0-9_.-]/g, '-')];
  if (commit) tags.push(commit.slice(0, 12));
  return [...new Set(tags)];
}

/**
 * `kind: image`: builds the stage's context with the engine, labels the image with its
 * version, commit and source, tags it with the release version and the commit, and pushes
 * both tags to the registry, with each layer's progress in the stage's log.
 */
export class ImageStageExecutor implements StageExecutor {
  constructor(
    private readonly engines: EngineAccess,
    /** The repository's origin URL, for org.opencontainers.image.source. */
    private readonly sourceUrl: (signal: AbortSignal) => Promise<string | undefined> = () => Promise.resolve(undefined),
  ) {}

  async execute(context: StageContext): Promise<StageOutcome> {
    const { config, run, signal } = context;
    const say = (text: string): void => {
      const chunk = Buffer.from(`${text}\n`);
      context.log.write(chunk);
      context.onOutput(chunk);
    };
    if (!config.image) return { ok: false, reason: `stage "${context.stage.name}" has no image to build` };
    try {
      const client = this.engines.docker();
      const version = await readDeployVersion(context.workspace, run.commit);
      const [first, ...more] = imageTags(version, run.commit);
      const build = await packBuildContext(context.workspace, config.context ?? '.', config.dockerfile);
      say(`Context ${config.context ?? '.'}: ${build.files} files, ${Math.ceil(build.tar.length / 1024)} KB; Dockerfile ${build.dockerfile}`);
      const labels = {
        'org.opencontainers.image.version': version,
        ...(run.commit ? { 'org.opencontainers.image.revision': run.commit } : {}),
      };
      const source = publicSource(await this.sourceUrl(signal).catch(() => undefined));
      if (source) Object.assign(labels, { 'org.opencontainers.image.source': source });
      const id = await buildImage(client, { context: build, tag: `${config.image}:${first}`, buildArgs: config.buildArgs ?? {}, labels }, say, signal);
      for (const tag of more) await tagImage(client, id, config.image, tag, signal);
      const host = registryHost(config.image);
      const login = await findRegistryLogin(host, { env: this.engines.env, ...(this.engines.secrets ? { secrets: this.engines.secrets } : {}) });
      say(login ? `Registry ${host}: login from ${login.source}` : `Registry ${host}: no login found; pushing without one`);
      const auth = registryAuthHeader(host, login);
      for (const tag of [first, ...more]) {
        say(`Pushing ${config.image}:${tag}`);
        const digest = await pushImage(client, { repository: config.image, tag, registryAuth: auth, host }, say, signal);
        say(`Pushed ${config.image}:${tag}${digest ? ` (${digest})` : ''}`);
      }
      return { ok: true, reason: `pushed ${config.image}:${first}` };
    } catch (error) {
      if (isCancellation(error) || signal.aborted) return { ok: false, cancelled: true, reason: 'cancelled' };
      if (!DevopsError.is(error)) throw error;
      say(error.message);
      return { ok: false, reason: error.message };
    }
  }
}

// A remote URL as a label anyone who pulls the image reads: never with its user or token.
export function publicSource(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\.git$/, '');
  } catch {
    // scp-like git@host:owner/repo carries no secret but is no URL either.
    const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?$/.exec(url);
    return scp ? `https://${scp[1]}/${scp[2]}` : undefined;
  }
}
