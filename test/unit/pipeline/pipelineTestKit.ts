import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { devopsConfigSchema, type DevopsConfig, type StageConfig } from '../../../src/core/config/schema';
import { PipelineEngine, type PipelineEngineOptions } from '../../../src/core/pipeline/pipelineEngine';
import { RunStageExecutor } from '../../../src/core/pipeline/runStageExecutor';

/** Stages with the schema's defaults filled in, as the loader would give them. */
export function stagesOf(stages: Record<string, unknown>): Record<string, StageConfig> {
  return configOf({ pipeline: { stages } }).pipeline?.stages ?? {};
}

export function configOf(partial: Record<string, unknown>): DevopsConfig {
  return devopsConfigSchema.parse({ version: 1, ...partial });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function engineFor(workspace: string, stages: Record<string, unknown>, extra: Partial<PipelineEngineOptions> = {}): PipelineEngine {
  const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 300 });
  return new PipelineEngine({
    workspace,
    stages: stagesOf(stages),
    parallel: 2,
    isTrusted: () => true,
    executors: { run: new RunStageExecutor(runner) },
    origin: () => Promise.resolve({ who: 'tester', branch: 'main', commit: 'abc123' }),
    ...extra,
  });
}
