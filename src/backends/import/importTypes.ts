// What an import produces: devops.yaml service entries plus notes about what was skipped.
import type { ServiceConfig } from '../../core/config/schema';

/** Something the import could not take over, or took over with a guess. */
export interface ImportNote {
  /** The file it concerns. */
  file: string;
  /** 1-based line in that file the note points at, when known. */
  line?: number;
  /** The service it concerns, if one. */
  service?: string;
  /** warning: something was skipped or is broken; info: a guess was made. */
  severity: 'warning' | 'info';
  /** One sentence a person can act on. */
  message: string;
}

/** One imported service, ready to become a devops.yaml entry. */
export interface ImportedService {
  /** Service name. */
  name: string;
  /** The entry, with devops.yaml defaults filled in. */
  config: ServiceConfig;
  /** Where it came from, e.g. "docker-compose.yml" and "compose service" or "Deployment", and the line. */
  source: { file: string; kind: string; line?: number };
  /** Desired replicas, when the file says. */
  replicas?: number;
}

export interface ServiceImport {
  /** Services in file order. */
  services: ImportedService[];
  /** What was skipped or guessed. */
  notes: ImportNote[];
}

/** A ServiceConfig with every default of the schema, so callers can fill what they know. */
export function emptyServiceConfig(): ServiceConfig {
  return { ports: [], dependsOn: [], env: [], logs: [], actions: {} };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
