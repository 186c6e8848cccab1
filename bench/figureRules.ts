// How each bench figure is read: which way is better, what it is measured against in
// the same run (its floor or peer), and its target. A timing means little on its own on a
// shared machine; its ratio to a floor measured seconds apart on the same machine does.

/** lower: a cost (ms, KB, requests); higher: a rate or a share. */
export type Better = 'lower' | 'higher';

export interface FigureRule {
  better: Better;
  /**
   * The figure it is compared with: a peer doing the same work the fastest known way
   * (wc -l, cat, an empty extension), or CPU_FLOOR for pure JavaScript work. Sizes and
   * counts have none: they do not depend on the machine's load.
   */
  floor?: string;
  /** Target as a ratio to the floor (cost ÷ floor for costs, rate ÷ floor for rates). */
  targetRatio?: number;
  /** Target as an absolute margin over the floor: value − floor ≤ margin. */
  targetMarginOverFloor?: number;
  /** Target as a value in the figure's own unit. */
  targetValue?: number;
  /** Shown for reading the others, never a regression: it measures something this code does not control. */
  informational?: true;
}

/** The floor of pure JavaScript timings: a fixed workload timed in the same run. */
export const CPU_FLOOR = 'cpu.calibrationMs';

const rules: Record<string, FigureRule> = {
  'activation.ms': { better: 'lower', floor: 'activation.floorMs', targetMarginOverFloor: 25 },
  // From the workbench's first request for rows to the last timed view's rows: the features' first reads and the rows, read against the CPU.
  'activation.firstViewMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 100 },
  // The workbench's own wait from the side bar's opening to that request, shown beside it; it varies with the workbench, not with this code.
  'activation.viewAskMs': { better: 'lower', floor: CPU_FLOOR, informational: true },
  'bundle.extensionKB': { better: 'lower', targetValue: 300 },
  'bundle.webviewKB': { better: 'lower' },
  'bundle.cliKB': { better: 'lower' },
  'vsix.KB': { better: 'lower', targetValue: 3072 },
  'monitor.ingest.linesPerSec': { better: 'higher', floor: 'monitor.ingest.wcLinesPerSec', targetRatio: 0.1 },
  'monitor.ingest.heapMB': { better: 'lower', targetValue: 150 },
  'demo.heap5minMB': { better: 'lower', targetValue: 150 },
  // Noise of a collected heap is a few MB either way; more than 2 MB in three minutes is growth.
  'demo.heapGrowth2to5MB': { better: 'lower', targetValue: 2 },
  'monitor.render100k.frameP95Ms': { better: 'lower', targetValue: 17 },
  'monitor.render100k.frameWorkP95Ms': { better: 'lower', floor: CPU_FLOOR, targetValue: 8 },
  'monitor.chart.render4x1440Ms': { better: 'lower', floor: CPU_FLOOR, targetValue: 20 },
  'plan.load5000ItemsMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 100 },
  'plan.edit5000ItemsMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 50 },
  'pipeline.log1MLines.ms': { better: 'lower', floor: 'pipeline.log1MLines.catMs', targetRatio: 1.5 },
  'pipeline.history1000.loadMs': { better: 'lower', floor: CPU_FLOOR },
  'check.largeConfigMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 50 },
  // The same file while it has a problem: the parse that keeps positions, reported.
  'check.largeConfigOneProblemMs': { better: 'lower', floor: CPU_FLOOR },
  'check.badInputWorstMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 1000 },
  'ci.github.requestsPerHour.watch10Runs': { better: 'lower', targetValue: 500 },
  'ci.github.notModifiedShare': { better: 'higher', targetValue: 0.8 },
  'services.probe200.eventLoopP99Ms': { better: 'lower', floor: 'services.probe200.idleP99Ms', targetValue: 50 },
  'services.probe200.probesPerSecond': { better: 'higher' },
  'services.map100.layoutMs': { better: 'lower', floor: CPU_FLOOR },
  'init.scanMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 1000 },
  'engines.docker.list200Ms': { better: 'lower', floor: 'engines.docker.rawList200Ms', targetValue: 150 },
  'release.imagePush10MBMs': { better: 'lower', floor: 'release.dockerPush10MBMs', targetRatio: 1.2 },
  // A rollout's length is the engine's scheduling and the tasks' start: reported, compared with its committed value.
  'deploy.swarmConvergeMs': { better: 'lower' },
  'engines.kubernetes.watch1000PodsMs': { better: 'lower', floor: CPU_FLOOR, targetValue: 200 },
  'engines.kubernetes.watch1000PodsLoopP99Ms': { better: 'lower', targetValue: 50 },
};

/** Figures that only serve as another figure's floor. */
function isFloor(name: string): boolean {
  return name === CPU_FLOOR || Object.values(rules).some((rule) => rule.floor === name);
}

/** The rule of a figure; a figure not in the table gets one from its name; floors get none. */
export function ruleOf(name: string): FigureRule | undefined {
  if (rules[name]) return rules[name];
  if (isFloor(name)) return undefined;
  if (/KB$|MB$/.test(name)) return { better: 'lower' };
  if (/(PerSec|PerSecond|Share)$/.test(name)) return { better: 'higher' };
  if (/(Ms|\.ms)$/.test(name)) return { better: 'lower', floor: CPU_FLOOR };
  return undefined;
}
