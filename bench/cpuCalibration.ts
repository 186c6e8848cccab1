// cpu.calibrationMs: a fixed piece of JavaScript work (build, serialise, parse and sort
// records, much as the product's models do), the floor of every pure JavaScript timing.
// Timed at the start and at the end of the run, the median of both sets, so a machine
// that gets busier halfway through moves the floor with the figures.

const RECORDS = 50_000;

function workload(): number {
  const records = Array.from({ length: RECORDS }, (_, i) => ({ id: `item-${(i * 7919) % RECORDS}`, points: i % 13, title: `Title number ${i}` }));
  const parsed = JSON.parse(JSON.stringify(records)) as typeof records;
  parsed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return parsed.reduce((sum, r) => sum + r.points + r.title.length, 0);
}

export function calibrationSamples(runs = 7): number[] {
  workload(); // warm-up: the first pass compiles
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    if (workload() <= 0) throw new Error('calibration workload computed nothing');
    samples.push(performance.now() - started);
  }
  return samples;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
