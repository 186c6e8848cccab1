// Pipeline figures: the cost of capturing a stage's output next to the physical floor
// (the same output piped through `cat` into a file, same run), and loading a history
// of 1,000 runs. Medians of several repetitions after one warm-up of each, in
// milliseconds: on a shared machine a single slow run must not decide the figure.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcessRunner } from '../src/backends/process/nodeProcessRunner';
import { devopsConfigSchema } from '../src/core/config/schema';
import { PipelineEngine } from '../src/core/pipeline/pipelineEngine';
import { RunHistory } from '../src/core/pipeline/runHistory';
import { RunStageExecutor } from '../src/core/pipeline/runStageExecutor';
import type { PipelineRun } from '../src/core/pipeline/runTypes';

const lines = 'seq 1 1000000';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function historyOf(count: number): { version: 1; runs: PipelineRun[] } {
  const runs = Array.from({ length: count }, (_, i): PipelineRun => ({
    id: `run-${i}`,
    status: i % 7 === 0 ? 'failed' : 'succeeded',
    startedAt: 1_800_000_000_000 - i * 60_000,
    endedAt: 1_800_000_030_000 - i * 60_000,
    commit: i.toString(16).padStart(40, '0'),
    branch: 'main',
    who: 'bench',
    requested: [],
    stages: ['build', 'test', 'release', 'deploy'].map((name) => ({
      name,
      kind: 'run' as const,
      status: 'succeeded' as const,
      startedAt: 1,
      endedAt: 2,
      durationMs: 1,
      exitCode: 0,
      logFile: `/ws/.devops/runs/run-${i}/${name}.log`,
      ...(name === 'test' ? { tests: { passed: 120, failed: 1, skipped: 3, failures: [{ name: 'suite > case', message: 'expected 1 to equal 2', file: 'test/a.test.ts', line: 12 }] } } : {}),
    })),
  }));
  return { version: 1, runs };
}

export async function benchPipeline(): Promise<Record<string, number>> {
  const workspace = mkdtempSync(join(tmpdir(), 'devops-bench-pipeline-'));
  try {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const stages = devopsConfigSchema.parse({ version: 1, pipeline: { stages: { print: { run: lines } } } }).pipeline?.stages ?? {};
    const engine = new PipelineEngine({
      workspace,
      stages,
      parallel: 1,
      isTrusted: () => true,
      executors: { run: new RunStageExecutor(runner) },
      origin: () => Promise.resolve({ who: 'bench' }),
    });
    const engineMs: number[] = [];
    const catMs: number[] = [];
    for (let i = 0; i < 8; i++) {
      engineMs.push(
        await timed(async () => {
          const run = await engine.run();
          if (run.status !== 'succeeded') throw new Error(`bench stage failed: ${run.stages[0]?.reason}`);
        }),
      );
      catMs.push(await timed(() => runner.start({ purpose: { kind: 'stage', source: 'test' }, command: `${lines} | cat > cat-${i}.txt`, cwd: workspace }).exited));
    }

    const historyFile = join(workspace, 'history.json');
    writeFileSync(historyFile, JSON.stringify(historyOf(1000)));
    const loadMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      loadMs.push(
        await timed(async () => {
          const runs = await new RunHistory(historyFile, { limit: 1000 }).load();
          if (runs.length !== 1000) throw new Error(`loaded ${runs.length} runs, expected 1000`);
        }),
      );
    }
    return {
      'pipeline.log1MLines.ms': median(engineMs.slice(1)),
      'pipeline.log1MLines.catMs': median(catMs.slice(1)),
      'pipeline.history1000.loadMs': median(loadMs),
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
