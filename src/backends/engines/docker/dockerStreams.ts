import type * as http from 'node:http';
import { DevopsError } from '../../../core/errors';

// Reading the engine's long-lived answers (events, stats: one JSON document per line) as
// they arrive. A stream that ends is reported as ended; one that breaks, as the error.

/** A line longer than this is not an event or a stats sample: the stream is not what we think. */
const maxLineBytes = 1024 * 1024;

/** Calls onLine for each complete line; resolves when the engine ends the stream, rejects when it breaks. */
export function readLines(stream: http.IncomingMessage, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line !== '') onLine(line);
        newline = pending.indexOf('\n');
      }
      if (pending.length > maxLineBytes) stream.destroy(new DevopsError('invalid-data', 'the Docker engine sent a line of more than 1 MB on a JSON stream'));
    });
    let ended = false;
    stream.once('error', reject);
    stream.once('end', () => {
      ended = true;
      if (pending.trim() !== '') onLine(pending.trim());
      resolve();
    });
    // Settles a stream torn down without 'end' or 'error' (the socket was destroyed).
    stream.once('close', () => {
      if (!ended) reject(new DevopsError('unavailable', 'the connection to the Docker engine closed mid-stream'));
    });
  });
}

/** A line as JSON, or undefined when it is not JSON. */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
