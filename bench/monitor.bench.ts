// monitor.ingest.linesPerSec: the log pipeline (follow a file from its start, split,
// merge into the model's 100,000-line ring; level and time are parsed when a line is read)
// on a generated 1,000,000-line file, next to monitor.ingest.wcLinesPerSec: `wc -l` on the
// same file in the same run, the floor. The model merges at once (reorderWindowMs 0): with
// one source the window only holds the last lines back for a fixed 100 ms, a latency that
// says nothing about throughput.
// monitor.ingest.heapMB: what the ring holds once every kept line was read (and so parsed)
// as the panel reads them: JavaScript heap plus array buffers after a full garbage
// collection, minus the same before the file was followed.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FileLogSource } from '../src/backends/logs/fileLogSource';
import { NodeProcessRunner } from '../src/backends/process/nodeProcessRunner';
import { LogModel } from '../src/core/monitor/logModel';

const LINES = 1_000_000;
const LEVELS = ['INFO ', 'INFO ', 'DEBUG', 'WARN ', 'ERROR'];

export async function benchMonitor(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'devops-bench-monitor-'));
  try {
    const file = join(dir, 'big.log');
    await writeLogFile(file);
    // Each side's best of three, taken in turns: a single run of either is at the mercy of
    // whatever else the machine does in those 100 ms.
    let wcSeconds = Infinity;
    let pipeline = { seconds: Infinity, heapBytes: 0 };
    for (let i = 0; i < 3; i++) {
      wcSeconds = Math.min(wcSeconds, await timeWc(file));
      const run = await timePipeline(file);
      pipeline = { seconds: Math.min(pipeline.seconds, run.seconds), heapBytes: run.heapBytes };
    }
    const { seconds, heapBytes } = pipeline;
    return {
      'monitor.ingest.linesPerSec': Math.round(LINES / seconds),
      'monitor.ingest.wcLinesPerSec': Math.round(LINES / wcSeconds),
      'monitor.ingest.heapMB': Math.round((heapBytes / 2 ** 20) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Plain lines as the demo services write them, one in five a JSON event.
async function writeLogFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  const base = Date.parse('2026-11-27T10:00:00Z');
  for (let i = 0; i < LINES; i += 10_000) {
    let chunk = '';
    for (let k = i; k < i + 10_000; k++) {
      const time = new Date(base + k).toISOString();
      chunk += k % 5 === 4
        ? `{"time":"${time}","level":"warn","service":"api","msg":"slow store call","ms":${k % 997},"n":${k}}\n`
        : `${time} ${LEVELS[k % 5]} [api] GET /api/orders/${k} 200 ${k % 89}ms\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function timeWc(file: string): Promise<number> {
  const runner = new NodeProcessRunner({ isTrusted: () => true });
  const started = process.hrtime.bigint();
  const running = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: `wc -l < '${file.replace(/'/g, "'\\''")}'`, cwd: process.cwd() });
  let output = '';
  running.onStdout((chunk) => (output += chunk.toString()));
  const exit = await running.exited;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (exit.code !== 0 || Number(output.trim()) !== LINES) throw new Error(`wc -l failed: exit ${exit.code}, output ${output.trim()}`);
  return seconds;
}

// Heap and array buffers in use after a full collection; `node --expose-gc` is not needed.
function usedAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function timePipeline(file: string): Promise<{ seconds: number; heapBytes: number }> {
  const before = usedAfterGc();
  const model = new LogModel({ reorderWindowMs: 0 });
  const controller = new AbortController();
  const started = process.hrtime.bigint();
  const allIn = new Promise<void>((resolve) => {
    model.onDidAppend(() => {
      if (model.nextSeq >= LINES) resolve();
    });
  });
  const following = new FileLogSource({ name: 'bench', path: file, fromStart: true, pollMs: 5 }).follow(model, controller.signal);
  await allIn;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  controller.abort();
  await following;
  if (model.nextSeq !== LINES || model.size !== 100_000) throw new Error(`pipeline kept ${model.size} of ${model.nextSeq} lines`);
  const kept = model.range(model.firstSeq, model.size);
  if (kept.at(-1)?.level !== 'warn' || kept.at(-2)?.level !== 'warn') throw new Error('the last lines were not parsed as the file says');
  const heapBytes = usedAfterGc() - before;
  // Still in use up to here, so the collection above could not take it.
  if (model.size !== kept.length) throw new Error('the ring changed while measured');
  return { seconds, heapBytes };
}
