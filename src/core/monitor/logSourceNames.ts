import { basename } from 'node:path';

/**
 * The name of one log source of devops.yaml, the same in the log stream and in the Monitor's
 * source list: the owner (a service, or `log` for monitor.logs) when it has one source, else
 * `owner:file-name` or `owner:position`.
 */
export function logSourceName(owner: string, entry: { file?: string }, index: number, count: number): string {
  if (count === 1) return owner;
  if (entry.file) return `${owner}:${basename(entry.file)}`;
  return `${owner}:${index + 1}`;
}
