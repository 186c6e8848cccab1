import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileSprintProvider } from '../src/backends/plan/file/fileSprintProvider';
import { PlanModel } from '../src/core/plan/planModel';
import { maxSprintFileBytes } from '../src/core/plan/sprintParser';

// plan.load5000ItemsMs: read and parse a generated 5,000-item sprint file and build the
// grouped model (groups plus the first page of each). plan.edit5000ItemsMs: one status
// change written back into that file (read, check, edit, check, write). Median of 7 runs
// after one warm-up, so `npm run bench plan` alone times what a full run times.
// Items look like a real team's: title, assignee, labels, points on most.

const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const runs = 7;

function sprintText(count: number): string {
  const lines = ['# Generated for the plan benchmark', 'sprint:', '  name: Bench sprint', '  start: 2026-11-23', '  end: 2026-12-04', 'items:'];
  for (let i = 1; i <= count; i++) {
    if (i % 500 === 1) lines.push(`  # block ${Math.ceil(i / 500)}`);
    lines.push(
      `  - id: DL-${i}`,
      `    title: Make the checkout page remember item ${i} between visits`,
      `    status: ${statuses[i % statuses.length]}`,
      `    assignee: ${['alice', 'bob', 'chen', 'dana'][i % 4]}`,
      `    labels: [${['api', 'web', 'store'][i % 3]}, ${i % 2 ? 'bug' : 'feature'}]`,
    );
    if (i % 5 !== 0) lines.push(`    points: ${(i % 8) + 1}`);
  }
  const text = lines.join('\n') + '\n';
  if (Buffer.byteLength(text) > maxSprintFileBytes) throw new Error(`the generated sprint file is over the ${maxSprintFileBytes}-byte limit`);
  return text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}

export async function benchPlan(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'plan-bench-'));
  const path = join(dir, 'sprint.yaml');
  const signal = new AbortController().signal;
  const loads: number[] = [];
  const edits: number[] = [];
  try {
    for (let run = -1; run < runs; run++) {
      writeFileSync(path, sprintText(5000));
      const provider = new FileSprintProvider({ path, statuses });
      const model = new PlanModel({ provider, statuses });
      const loadStart = performance.now();
      await model.refresh(signal);
      for (const group of model.groups()) model.page(group.status);
      if (run >= 0) loads.push(performance.now() - loadStart);
      if (model.state.error) throw model.state.error;
      const item = model.item(`DL-${2501 + run}`);
      if (!item) throw new Error(`the generated item DL-${2501 + run} is missing from the model`);
      const editStart = performance.now();
      await provider.setStatus(item, 'blocked', signal);
      if (run >= 0) edits.push(performance.now() - editStart);
      model.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { 'plan.load5000ItemsMs': median(loads), 'plan.edit5000ItemsMs': median(edits) };
}
