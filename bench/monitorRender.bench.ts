// monitor.render100k.frameP95Ms: scrolling the Monitor page's log list with 100,000 lines
// kept, in headless Chromium; p95 of requestAnimationFrame deltas while scrolling.
// monitor.chart.render4x1440Ms: first render of a chart with 4 series of 1,440 points.
import { launchChromium, openMonitorPage, snapshotMessage, type PageWindow } from '../test/unit/webview/monitorPageHarness';

interface ScrollWindow extends PageWindow {
  performance: { now(): number };
  document: { querySelector(s: string): { scrollTop: number; scrollHeight: number; querySelector(s: string): unknown } | null };
}

export async function benchMonitorRender(): Promise<Record<string, number>> {
  const browser = await launchChromium();
  try {
    const monitor = await openMonitorPage(browser);
    await monitor.send(snapshotMessage({ logSources: [{ id: 'api', name: 'api', kind: 'file', target: 'logs/api.log' }] }));
    await monitor.sendNumberedLines(0, 100_000);
    await monitor.page.waitForFunction("document.querySelector('.logs h2 .count')?.textContent === '100,000'");
    const frameP95 = await monitor.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = globalThis as unknown as ScrollWindow;
          const viewport = w.document.querySelector('.log-viewport')!;
          viewport.scrollTop = 0;
          const deltas: number[] = [];
          let last = w.performance.now();
          let frame = 0;
          const step = (): void => {
            const now = w.performance.now();
            if (frame > 0) deltas.push(now - last);
            last = now;
            // Page-sized jumps through the whole list: each frame draws new rows.
            viewport.scrollTop = (frame * 997 * 18) % viewport.scrollHeight;
            if (++frame <= 300) w.requestAnimationFrame(step);
            else resolve(deltas.sort((a, b) => a - b)[Math.floor(deltas.length * 0.95)]);
          };
          w.requestAnimationFrame(step);
        }),
    );
    const now = Date.now();
    const timestamps = Array.from({ length: 1440 }, (_, i) => now - (1440 - i) * 60_000);
    const lines = [0, 1, 2, 3].map((k) => ({ label: `series ${k}`, timestamps, values: timestamps.map((_, i) => Math.sin(i / 50 + k) * 50 + 50) }));
    const started = await monitor.page.evaluate(() => (globalThis as unknown as ScrollWindow).performance.now());
    await monitor.send(snapshotMessage({ revision: 2, charts: [{ id: 'chart.0', title: 'Four', kind: 'query', source: 'q', lines }] }));
    await monitor.page.waitForSelector('.card[data-id="chart.0"] canvas');
    const ended = await monitor.page.evaluate(() => (globalThis as unknown as ScrollWindow).performance.now());
    return {
      'monitor.render100k.frameP95Ms': Math.round(frameP95 * 10) / 10,
      'monitor.chart.render4x1440Ms': Math.round((ended - started) * 10) / 10,
    };
  } finally {
    await browser.close();
  }
}
