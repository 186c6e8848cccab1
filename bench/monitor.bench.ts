// monitor.ingest.linesPerSec: the log pipeline (follow a file from its start, split,
// detect level and time, merge into the model) on a generated 1,000,000-line file, next
// to monitor.ingest.wcLinesPerSec: `wc -l` on the same file in the same run, the floor.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const wcSeconds = await timeWc(file);
    const pipelineSeconds = await timePipeline(file);
    return {
      'monitor.ingest.linesPerSec': Math.round(LINES / pipelineSeconds),
      'monitor.ingest.wcLinesPerSec': Math.round(LINES / wcSeconds),
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

async function timePipeline(file: string): Promise<number> {
  const model = new LogModel();
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
  return seconds;
}
