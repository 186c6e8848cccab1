import type * as http from 'node:http';
import { DevopsError } from '../../../core/errors';
import { LogDecoder, type DecodedLine } from './dockerLogDecoder';

// Reads one log answer of the engine to its end, decoding it as it comes.

/** Resolves when the engine ends the stream; rejects when it breaks or is not a log stream. */
export function readLogStream(stream: http.IncomingMessage, tty: boolean, onLine: (line: DecodedLine) => void): Promise<void> {
  const decoder = new LogDecoder(tty);
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      if (error === undefined) resolve();
      else reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      try {
        for (const line of decoder.push(chunk)) onLine(line);
      } catch (error) {
        stream.destroy();
        finish(new DevopsError('invalid-data', error instanceof Error ? error.message : String(error)));
      }
    });
    stream.once('error', finish);
    stream.once('end', () => {
      for (const line of decoder.end()) onLine(line);
      finish();
    });
    stream.once('close', () => finish(new DevopsError('unavailable', 'the connection to the Docker engine closed mid-stream')));
  });
}
