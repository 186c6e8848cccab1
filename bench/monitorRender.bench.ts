// The Monitor page's own bundle in headless Chromium, measured inside the page.
// monitor.render100k.frameP95Ms: scrolling the log list with 100,000 lines kept; p95 of
//   requestAnimationFrame deltas (vsync-bound: 16.7 ms means no frame dropped).
// monitor.render100k.frameWorkP95Ms: the main thread's work of each of those frames: from
//   the frame's start (the rAF timestamp) to the first task after its rendering update
//   (scroll event, the list's redraw, style, layout, paint), p95.
// monitor.chart.render4x1440Ms: a snapshot with a new chart of 4 series × 1,440 points,
//   from the message's arrival at the page (a capturing listener that runs before the
//   page's) to the end of the first frame that paints it, the median of 5 charts.
import type { Page } from 'playwright-core';
import { launchChromium, openMonitorPage, snapshotMessage, type PageWindow } from '../test/unit/webview/monitorPageHarness';

interface BenchWindow extends PageWindow {
  performance: { now(): number };
  document: { querySelector(s: string): { scrollTop: number; scrollHeight: number } | null };
  addEventListener(type: 'message', listener: () => void, options: { capture: boolean; once: boolean }): void;
  __chartPainted?: Promise<number>;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
}

const FRAMES = 300;

export async function benchMonitorRender(): Promise<Record<string, number>> {
  const browser = await launchChromium();
  try {
    const monitor = await openMonitorPage(browser);
    await monitor.send(snapshotMessage({ logSources: [{ id: 'api', name: 'api', kind: 'file', target: 'logs/api.log' }] }));
    await monitor.sendNumberedLines(0, 100_000);
    await monitor.page.waitForFunction("document.querySelector('.logs h2 .count')?.textContent === '100,000'");
    const scrolling = await scrollFrames(monitor.page);
    const chartMs: number[] = [];
    for (let i = 0; i < 5; i++) chartMs.push(await chartRender(monitor.page, i));
    process.stderr.write(`bench: chart renders ${chartMs.map((ms) => ms.toFixed(1)).join(', ')} ms (the first one cold)\n`);
    return {
      'monitor.render100k.frameP95Ms': round(p95(scrolling.deltas)),
      'monitor.render100k.frameWorkP95Ms': round(p95(scrolling.work)),
      'monitor.chart.render4x1440Ms': round(chartMs.sort((a, b) => a - b)[2]),
    };
  } finally {
    await browser.close();
  }
}

function p95(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

// Page-sized jumps through the whole list: each frame draws rows it did not show before.
function scrollFrames(page: Page): Promise<{ deltas: number[]; work: number[] }> {
  return page.evaluate(
    (frames) =>
      new Promise<{ deltas: number[]; work: number[] }>((resolve) => {
        const w = globalThis as unknown as BenchWindow;
        const viewport = w.document.querySelector('.log-viewport')!;
        viewport.scrollTop = 0;
        const deltas: number[] = [];
        const work: number[] = [];
        let last = 0;
        let frame = 0;
        const step = (frameStart: number): void => {
          if (frame > 0) deltas.push(frameStart - last);
          last = frameStart;
          // Runs as the first task after this frame's rendering update.
          const after = new w.MessageChannel();
          after.port1.onmessage = () => {
            if (frame > 1) work.push(w.performance.now() - frameStart);
            if (frame > frames) resolve({ deltas, work });
          };
          after.port2.postMessage(undefined);
          viewport.scrollTop = (frame * 997 * 18) % viewport.scrollHeight;
          if (++frame <= frames) w.requestAnimationFrame(step);
        };
        w.requestAnimationFrame(step);
      }),
    FRAMES,
  );
}

async function chartRender(page: Page, index: number): Promise<number> {
  const now = Date.now();
  const timestamps = Array.from({ length: 1440 }, (_, i) => now - (1440 - i) * 60_000);
  const lines = [0, 1, 2, 3].map((k) => ({ label: `series ${k}`, timestamps, values: timestamps.map((_, i) => Math.sin(i / 50 + k + index) * 50 + 50) }));
  const id = `chart.${index}`;
  await page.evaluate(() => {
    const w = globalThis as unknown as BenchWindow;
    w.__chartPainted = new Promise<number>((resolve) => {
      w.addEventListener(
        'message',
        () => {
          const start = w.performance.now();
          w.requestAnimationFrame(() => {
            const after = new w.MessageChannel();
            after.port1.onmessage = () => resolve(w.performance.now() - start);
            after.port2.postMessage(undefined);
          });
        },
        { capture: true, once: true },
      );
    });
  });
  // A chart that shows something new each time: a new id, drawn next to the earlier ones.
  const charts = Array.from({ length: index + 1 }, (_, k) => ({ id: `chart.${k}`, title: `Four ${k}`, kind: 'query' as const, source: 'q', ...(k === index ? { lines } : {}) }));
  await page.evaluate((m) => (globalThis as unknown as PageWindow).postMessage(m, '*'), snapshotMessage({ revision: 2 + index, charts }) as unknown as Record<string, unknown>);
  const elapsed = await page.evaluate(() => (globalThis as unknown as BenchWindow).__chartPainted!);
  const points = await page.$eval(`.card[data-id="${id}"]`, (card) => (card as unknown as { dataset: Record<string, string> }).dataset['points']);
  if (points !== String(4 * 1440) || !(await page.$(`.card[data-id="${id}"] canvas`))) throw new Error(`chart ${id} was not drawn`);
  return elapsed;
}
