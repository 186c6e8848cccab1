import * as assert from 'node:assert/strict';
import { compareFigures, formatRows } from '../../../bench/compareFigures';

describe('bench figures against their floors and the committed run', () => {
  const committed = { 'pipeline.log1MLines.ms': 30, 'pipeline.log1MLines.catMs': 20, 'plan.load5000ItemsMs': 80, 'cpu.calibrationMs': 40, 'bundle.extensionKB': 250 };

  it('a loaded machine that slows figure and floor alike is no regression', () => {
    const loaded = { 'pipeline.log1MLines.ms': 60, 'pipeline.log1MLines.catMs': 40, 'plan.load5000ItemsMs': 160, 'cpu.calibrationMs': 80, 'bundle.extensionKB': 250 };
    const rows = compareFigures(loaded, committed);
    assert.deepEqual(rows.filter((r) => r.regressed).map((r) => r.name), []);
    assert.equal(rows.find((r) => r.name === 'pipeline.log1MLines.ms')?.ratio, 1.5);
  });

  it('names each figure whose ratio to its floor got worse by more than 20%, and sizes by value', () => {
    const worse = { 'pipeline.log1MLines.ms': 40, 'pipeline.log1MLines.catMs': 20, 'plan.load5000ItemsMs': 97, 'cpu.calibrationMs': 40, 'bundle.extensionKB': 310 };
    const rows = compareFigures(worse, committed);
    assert.deepEqual(rows.filter((r) => r.regressed).map((r) => r.name), ['pipeline.log1MLines.ms', 'plan.load5000ItemsMs', 'bundle.extensionKB']);
  });

  it('a rate regresses when it falls, not when it rises', () => {
    const before = { 'monitor.ingest.linesPerSec': 1_000_000, 'monitor.ingest.wcLinesPerSec': 10_000_000 };
    assert.equal(compareFigures({ 'monitor.ingest.linesPerSec': 2_000_000, 'monitor.ingest.wcLinesPerSec': 10_000_000 }, before)[0].regressed, false);
    assert.equal(compareFigures({ 'monitor.ingest.linesPerSec': 700_000, 'monitor.ingest.wcLinesPerSec': 10_000_000 }, before)[0].regressed, true);
  });

  it('a heap that moved by less than 2 MB, or grew from a baseline that shrank, is noise; more is a regression', () => {
    const before = { 'demo.heap5minMB': 60, 'demo.heapGrowth2to5MB': 0.5 };
    const regressed = (now: Record<string, number>, then: Record<string, number> = before): string[] => compareFigures(now, then).filter((r) => r.regressed).map((r) => r.name);
    assert.deepEqual(regressed({ 'demo.heap5minMB': 61, 'demo.heapGrowth2to5MB': 1.9 }), []);
    assert.deepEqual(regressed({ 'demo.heap5minMB': 80, 'demo.heapGrowth2to5MB': 6 }), ['demo.heap5minMB', 'demo.heapGrowth2to5MB']);
    assert.deepEqual(regressed({ 'demo.heapGrowth2to5MB': 1 }, { 'demo.heapGrowth2to5MB': -0.4 }), []);
  });

  it('a whole-millisecond mark that moved by one is noise, by two a regression', () => {
    const before = { 'activation.ms': 4, 'activation.floorMs': 3 };
    const regressed = (ms: number): boolean => compareFigures({ 'activation.ms': ms, 'activation.floorMs': 3 }, before)[0].regressed;
    assert.equal(regressed(5), false);
    assert.equal(regressed(6), true);
  });

  it('an informational figure (the workbench\'s wait) never fails the bench', () => {
    const rows = compareFigures({ 'activation.viewAskMs': 300, 'cpu.calibrationMs': 40 }, { 'activation.viewAskMs': 100, 'cpu.calibrationMs': 40 });
    assert.equal(rows.find((r) => r.name === 'activation.viewAskMs')?.regressed, false);
  });

  it('prints each figure with its floor, ratio and target', () => {
    const table = formatRows(compareFigures({ 'pipeline.log1MLines.ms': 34, 'pipeline.log1MLines.catMs': 16 }, undefined));
    assert.match(table, /pipeline\.log1MLines\.ms\s+34\s+pipeline\.log1MLines\.catMs 16\s+2\.13×\s+≤ 1\.5× floor MISSED/);
    assert.doesNotMatch(table, /^pipeline\.log1MLines\.catMs/m, 'a floor is not a figure of its own');
  });
});
