import type * as http from 'node:http';
import type * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import * as schemas from './dockerSchemas';
import type { DockerRequest, DockerTransport } from './dockerTransport';

// The Engine API calls the backend makes, each validated where it enters. The API version
// is negotiated once per client: the engine's own, capped at the newest this client knows,
// refused below the oldest it needs. Nothing depends on a docker CLI being installed.

/** Oldest Engine API this client speaks (Docker 19.03). */
export const minApiVersion = '1.40';
/** Newest Engine API whose answers this client has been checked against. */
export const maxApiVersion = '1.45';

/** Compares "1.41" with "1.40" numerically per part. */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The version to speak with an engine that offers `engine`; throws when it is too old. */
export function negotiateApiVersion(engine: string, engineVersion?: string | null): string {
  if (!/^\d+\.\d+$/.test(engine)) throw new DevopsError('invalid-data', `the Docker engine reported API version "${engine}", which is not a version`);
  if (compareApiVersions(engine, minApiVersion) < 0) {
    throw new DevopsError('unavailable', `the Docker engine${engineVersion ? ` ${engineVersion}` : ''} speaks API ${engine}; DevOps Loop needs ${minApiVersion} or newer (Docker 19.03+)`);
  }
  return compareApiVersions(engine, maxApiVersion) > 0 ? maxApiVersion : engine;
}

export class DockerClient {
  private version: Promise<string> | undefined;

  constructor(readonly transport: DockerTransport) {}

  /** The negotiated API version; asked once, asked again after a failure. */
  apiVersion(signal?: AbortSignal): Promise<string> {
    this.version ??= this.getJson({ path: '/version', signal }, schemas.versionSchema, false).then((v) => negotiateApiVersion(v.ApiVersion, v.Version));
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  /** Forgets the negotiated version: the next call asks again (after the engine restarted, perhaps upgraded). */
  renegotiate(): void {
    this.version = undefined;
  }

  info(signal?: AbortSignal): Promise<z.output<typeof schemas.infoSchema>> {
    return this.getJson({ path: '/info', signal }, schemas.infoSchema);
  }

  listContainers(filters: Record<string, string[]> | undefined, signal?: AbortSignal): Promise<schemas.ContainerSummary[]> {
    return this.getJson({ path: '/containers/json', query: { all: 1, filters: filters && JSON.stringify(filters) }, signal }, schemas.containerListSchema);
  }

  inspectContainer(id: string, signal?: AbortSignal): Promise<schemas.ContainerInspect> {
    return this.getJson({ path: `/containers/${encodeURIComponent(id)}/json`, signal }, schemas.containerInspectSchema);
  }

  listServices(filters: Record<string, string[]> | undefined, signal?: AbortSignal): Promise<schemas.DockerService[]> {
    return this.getJson({ path: '/services', query: { status: 1, filters: filters && JSON.stringify(filters) }, signal }, schemas.serviceListSchema);
  }

  listTasks(filters: Record<string, string[]> | undefined, signal?: AbortSignal): Promise<schemas.DockerTask[]> {
    return this.getJson({ path: '/tasks', query: { filters: filters && JSON.stringify(filters) }, signal }, schemas.taskListSchema);
  }

  listNodes(signal?: AbortSignal): Promise<z.output<typeof schemas.nodeListSchema>> {
    return this.getJson({ path: '/nodes', signal }, schemas.nodeListSchema);
  }

  imageLabels(reference: string, signal?: AbortSignal): Promise<Record<string, string>> {
    return this.getJson({ path: `/images/${encodeURIComponent(reference)}/json`, signal }, schemas.imageInspectSchema).then((image) => image.Config?.Labels ?? {});
  }

  /**
   * Sends a Swarm service's changed spec back at the version index it was read at: the
   * engine refuses the update if anyone changed the service in between, never overwrites it.
   * `rollback: 'previous'` asks for the spec before the last update instead.
   */
  updateService(service: { ID: string; Version: { Index: number } }, spec: unknown, signal: AbortSignal, options: { rollback?: 'previous' } = {}): Promise<unknown> {
    return this.send({ method: 'POST', path: `/services/${encodeURIComponent(service.ID)}/update`, query: { version: service.Version.Index, rollback: options.rollback }, body: spec, signal });
  }

  /** A request on the negotiated version whose JSON answer is returned unvalidated (the caller checks it). */
  async send(request: DockerRequest): Promise<unknown> {
    const response = await this.transport.request({ ...request, path: `/v${await this.apiVersion(request.signal)}${request.path}` });
    return response.body.length === 0 ? undefined : parseJson(response.body, request.path);
  }

  /** A streaming request on the negotiated version (events, logs, stats). */
  async stream(request: DockerRequest & { signal: AbortSignal }): Promise<http.IncomingMessage> {
    return this.transport.stream({ ...request, path: `/v${await this.apiVersion(request.signal)}${request.path}` });
  }

  async getJson<S extends z.ZodType>(request: DockerRequest, schema: S, versioned = true): Promise<z.output<S>> {
    const body = versioned ? await this.send(request) : parseJson((await this.transport.request(request)).body, request.path);
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new DevopsError('invalid-data', `the Docker engine's answer to GET ${request.path} is not what its API documents${where}: ${issue?.message ?? 'invalid'}`);
  }
}

function parseJson(body: Buffer, path: string): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new DevopsError('invalid-data', `the Docker engine's answer to ${path} is not JSON`);
  }
}
