import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { ChartSpec } from '../../../src/protocol/monitorProtocol';
import { attributes, launchChromium, logLine, openMonitorPage, scrollTo, settle, snapshotMessage, texts, valueOf, type MonitorPageHandle, type PageWindow } from './monitorPageHarness';

// The Monitor page's own code, bundled as shipped, in headless Chromium.
describe('Monitor page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let monitor: MonitorPageHandle;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    monitor = await openMonitorPage(browser);
    await monitor.send(snapshotMessage({ logSources: [{ id: 'api', name: 'api', kind: 'file', target: 'logs/api.log', service: 'api' }, { id: 'web', name: 'web', kind: 'file', target: 'logs/web.log', service: 'web' }] }));
  });
  afterEach(async () => {
    const errors = monitor?.pageErrors ?? [];
    await monitor?.page.close();
    assert.deepEqual(errors, [], 'the page threw');
  });

  const rowSeqs = async (): Promise<number[]> => (await attributes(monitor.page, '.log-row', 'data-seq')).map(Number);
  const shownCount = (): Promise<string | null> => monitor.page.textContent('.logs h2 .count');
  // The rows in the DOM: seq, shown text, classes.
  const shownRows = (): Promise<{ seq: string; text: string; className: string }[]> =>
    monitor.page.$$eval('.log-row', (nodes) =>
      nodes.map((node) => {
        const row = node as unknown as { dataset: Record<string, string>; className: string; querySelector(s: string): { textContent: string } | null };
        return { seq: row.dataset['seq'], text: row.querySelector('.log-text')?.textContent ?? '', className: row.className };
      }),
    );

  it('says it is ready and reports what it drew', async () => {
    const posted = await monitor.posted();
    assert.equal(posted[0]?.type === 'view' || posted[0]?.type === 'ready', true);
    assert.ok(posted.some((m) => m.type === 'ready'));
    assert.ok(posted.some((m) => m.type === 'rendered' && m.revision === 1));
  });

  it('keeps 100,000 numbered lines with only the visible rows in the DOM', async () => {
    await monitor.sendNumberedLines(0, 100_000);
    await monitor.page.waitForFunction("document.querySelector('.logs h2 .count')?.textContent === '100,000'");
    const rows = await rowSeqs();
    assert.ok(rows.length > 5 && rows.length < 120, `rows in DOM: ${rows.length}`);
    assert.equal(rows.at(-1), 99_999, 'follows the newest line');
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i], rows[i - 1] + 1);
    await scrollTo(monitor.page, '.log-viewport', 50_000 * 18);
    await monitor.page.waitForSelector('.log-row[data-seq="50000"]');
    const middle = await rowSeqs();
    assert.ok(middle.length < 120);
    assert.ok(middle[0] <= 50_000 && middle.at(-1)! >= 50_000);
    assert.equal((await texts(monitor.page, '.follow'))[0], 'Follow', 'scrolling up stops following');
    assert.equal((await monitor.posted()).filter((m) => m.type === 'requestLogs').length, 0, 'no gap, no refill');
  });

  it('filters by text, regex (with a clear error when invalid), level and source', async () => {
    await monitor.sendNumberedLines(0, 500, 'api');
    await monitor.sendNumberedLines(500, 500, 'web');
    await monitor.page.waitForFunction("document.querySelector('.logs h2 .count')?.textContent === '1,000'");
    await monitor.page.fill('.filter-text', 'line 12');
    assert.equal(await shownCount(), '11'); // 12, 120–129
    await monitor.page.fill('.filter-text', '');
    await monitor.page.fill('.filter-regex', 'line 9\\d\\d ');
    assert.equal(await shownCount(), '100');
    await monitor.page.fill('.filter-regex', 'line (');
    const error = await monitor.page.textContent('.regex-error');
    assert.match(error ?? '', /Invalid regular expression/);
    assert.equal(await shownCount(), '100', 'the last valid filter stays');
    await monitor.page.fill('.filter-regex', '');
    assert.equal(await monitor.page.textContent('.regex-error'), '');
    await monitor.page.selectOption('.filter-level', 'error');
    assert.equal(await shownCount(), '100');
    // Rows are redrawn on the next frame: wait for them rather than read the old ones.
    await monitor.page.waitForFunction(
      "(() => { const rows = [...document.querySelectorAll('.log-row .log-text')].map((e) => e.textContent); return rows.length > 0 && rows.every((t) => / error /.test(t)); })()",
    );
    await monitor.page.selectOption('.filter-level', '');
    await monitor.page.selectOption('.filter-source', 'web');
    assert.equal(await shownCount(), '500');
    await monitor.page.waitForFunction(
      "(() => { const rows = [...document.querySelectorAll('.log-row .log-source')].map((e) => e.textContent); return rows.length > 0 && rows.every((s) => s === 'web'); })()",
    );
  });

  it('shows a source when the extension asks (Show logs of a service)', async () => {
    await monitor.sendNumberedLines(0, 300, 'api');
    await monitor.sendNumberedLines(300, 200, 'web');
    await monitor.send({ type: 'showSource', source: 'web' });
    assert.equal(await shownCount(), '200');
    assert.equal(await valueOf(monitor.page, '.filter-source'), 'web');
  });

  it('renders hostile lines as text: no element injected, no script run, escapes turned into colour spans', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const hostile = [
      '<img src=x onerror="window.__pwned=1">',
      '</script><script>window.__pwned=2</script>',
      '\u001b[31mred\u001b[0m plain \u001b]0;title\u0007\u001b[2J\u001b[1;32mbold green',
      big,
    ];
    await monitor.send({ type: 'logAppend', fromSeq: 0, lines: hostile.map((text, i) => logLine(i, text)) });
    await monitor.page.waitForFunction("document.querySelectorAll('.log-row').length === 4");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(await monitor.page.evaluate(() => (globalThis as unknown as PageWindow).__pwned), undefined);
    assert.equal(await monitor.page.$$eval('#root img, #root script', (n) => n.length), 0);
    const shown = await texts(monitor.page, '.log-row .log-text');
    assert.equal(shown[0], hostile[0]);
    assert.equal(shown[1], hostile[1]);
    assert.equal(shown[2], 'red plain bold green');
    assert.ok(!shown[2].includes('\u001b'));
    assert.equal((await texts(monitor.page, '.log-row[data-seq="2"] .ansi-fg-1'))[0], 'red');
    assert.equal((await texts(monitor.page, '.log-row[data-seq="2"] .ansi-fg-2.ansi-bold'))[0], 'bold green');
    assert.ok(shown[3].startsWith('x'.repeat(4000)));
    assert.match(shown[3], /1044576 more characters/);
  });

  it('moves only the rows that scroll in or out; every row shows its own line, the selection and a restarted stream', async () => {
    await monitor.sendNumberedLines(0, 2000);
    await scrollTo(monitor.page, '.log-viewport', 1000 * 18);
    await monitor.page.waitForSelector('.log-row[data-seq="1000"]');
    const rowsMatchLines = async (): Promise<number[]> => {
      const rows = await shownRows();
      for (const { seq, text, className } of rows) {
        const level = Number(seq) % 10 === 0 ? 'error' : Number(seq) % 5 === 0 ? 'warn' : 'info';
        assert.equal(text, `line ${seq} ${level} request handled`);
        assert.match(className ?? '', new RegExp(`level-${level}`));
      }
      const seqs = rows.map(({ seq }) => Number(seq));
      seqs.forEach((seq, i) => assert.equal(seq, seqs[0] + i, `rows in order, none missing: ${seqs.join(',')}`));
      return seqs;
    };
    for (const top of [1003, 997, 1005, 1500, 1496, 1004]) {
      await scrollTo(monitor.page, '.log-viewport', top * 18);
      // The rows are read as a person sees them: after the frame the scroll draws (the row
      // for `top` may already exist from the draw before, so waiting for it alone is no sync).
      await settle(monitor.page);
      await monitor.page.waitForSelector(`.log-row[data-seq="${top}"]`);
      const seqs = await rowsMatchLines();
      assert.ok(seqs[0] <= top && seqs.at(-1)! >= top + 10, `rows ${seqs[0]}…${seqs.at(-1)} around ${top}`);
    }
    await scrollTo(monitor.page, '.log-viewport', 1006 * 18);
    await settle(monitor.page);
    await monitor.page.waitForSelector('.log-row[data-seq="1006"]');
    // A mark on the element of line 1012: a row that stays in view must stay the same element.
    await monitor.page.$eval('.log-row[data-seq="1012"]', (row) => void ((row as unknown as { dataset: Record<string, string> }).dataset['mark'] = 'stays'));
    await scrollTo(monitor.page, '.log-viewport', 1008 * 18);
    await settle(monitor.page);
    await monitor.page.waitForSelector('.log-row[data-seq="1008"]');
    assert.deepEqual(await attributes(monitor.page, '.log-row[data-mark="stays"]', 'data-seq'), ['1012'], 'a row that stays in view keeps its element');
    await rowsMatchLines();

    await monitor.page.click('.log-row[data-seq="1012"]');
    assert.deepEqual(await attributes(monitor.page, '.log-row.selected', 'data-seq'), ['1012']);
    await monitor.send({ type: 'logAppend', fromSeq: 0, restart: true, lines: Array.from({ length: 2000 }, (_, i) => logLine(i, `restarted ${i}`)) });
    await monitor.page.waitForFunction("document.querySelector('.log-row[data-seq=\"1012\"] .log-text')?.textContent === 'restarted 1012'");
    for (const { seq, text } of await shownRows()) assert.equal(text, `restarted ${seq}`);
  });

  it('asks for a refill when a gap appears, and takes the refill without asking again', async () => {
    await monitor.sendNumberedLines(0, 10);
    await monitor.sendNumberedLines(20, 10);
    await monitor.sendNumberedLines(30, 5);
    const requests = (await monitor.posted()).filter((m) => m.type === 'requestLogs');
    assert.deepEqual(requests, [{ type: 'requestLogs', fromSeq: 10 }]);
    assert.equal(await shownCount(), '10');
    await monitor.sendNumberedLines(10, 25);
    assert.equal(await shownCount(), '35');
    await monitor.sendNumberedLines(35, 5);
    assert.equal(await shownCount(), '40');
    assert.equal((await monitor.posted()).filter((m) => m.type === 'requestLogs').length, 1);
    const seqs = await rowSeqs();
    assert.deepEqual(seqs, [...Array(40).keys()].filter((s) => s >= seqs[0]));
  });

  it('drops messages that do not fit the protocol', async () => {
    await monitor.sendNumberedLines(0, 3);
    await monitor.send({ type: 'bogus' });
    await monitor.send({ type: 'logAppend', fromSeq: 3, lines: [{ seq: 4, text: 'wrong seq' }] });
    await monitor.send({ type: 'snapshot', snapshot: { revision: 'x' } });
    assert.equal(await shownCount(), '3');
    assert.equal((await monitor.posted()).filter((m) => m.type === 'requestLogs').length, 0);
  });

  it('keeps filters, range and follow when hidden and shown again', async () => {
    await monitor.page.fill('.filter-text', 'needle');
    await monitor.page.selectOption('.range-picker', String(3_600_000));
    await monitor.page.click('.follow');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await monitor.reload();
    assert.equal(await valueOf(monitor.page, '.filter-text'), 'needle');
    assert.equal(await valueOf(monitor.page, '.range-picker'), '3600000');
    assert.equal((await texts(monitor.page, '.follow'))[0], 'Follow');
    const view = (await monitor.posted()).find((m) => m.type === 'view');
    assert.equal(view?.type === 'view' ? view.rangeMs : undefined, 3_600_000);
  });

  it('draws charts with uPlot and an alert list from a snapshot', async () => {
    const now = Date.now();
    const timestamps = Array.from({ length: 60 }, (_, i) => now - (60 - i) * 5000);
    await monitor.send(
      snapshotMessage({
        revision: 2,
        charts: [
          { id: 'chart.0', title: 'CPU', kind: 'metric', source: 'cpu', unit: '%', lines: [{ label: '', timestamps, values: timestamps.map((_, i) => i % 100) }] },
          { id: 'chart.1', title: 'Requests', kind: 'query', source: 'sum(rate(x[1m]))', error: 'Prometheus is not reachable at http://127.0.0.1:1' },
        ],
        alerts: [{ name: 'api-down', target: 'service api not up', for: '20s', state: 'firing', severity: 'critical', value: 'down' }],
      }),
    );
    assert.equal(await monitor.page.$$eval('.card[data-id="chart.0"] canvas', (c) => c.length), 1);
    assert.equal((await attributes(monitor.page, '.card[data-id="chart.0"]', 'data-points'))[0], '60');
    assert.match((await monitor.page.textContent('.card[data-id="chart.1"] .placeholder')) ?? '', /not reachable/);
    assert.equal((await attributes(monitor.page, '.alert[data-name="api-down"]', 'data-state'))[0], 'firing');
  });

  it('draws a chart again only for new points, into the same canvas, and a chart out of view only once it is scrolled in', async () => {
    const small = await openMonitorPage(browser, { width: 1000, height: 400 });
    try {
      // Counts the draws on each canvas (uPlot clears its canvas before every draw).
      await small.page.evaluate(`{
        const proto = CanvasRenderingContext2D.prototype;
        const clear = proto.clearRect;
        proto.clearRect = function (...args) {
          this.canvas.dataset.draws = String(Number(this.canvas.dataset.draws ?? 0) + 1);
          clear.apply(this, args);
        };
      }`);
      const now = Date.now();
      const timestamps = Array.from({ length: 120 }, (_, i) => now - (120 - i) * 5000);
      const chart = (k: number, shift = 0): ChartSpec => ({ id: `c${k}`, title: `Chart ${k}`, kind: 'metric', source: 'cpu', lines: [{ label: '', timestamps, values: timestamps.map((_, i) => (i + shift + k) % 50) }] });
      const draws = async (k: number): Promise<number> => Number((await attributes(small.page, `.card[data-id="c${k}"] canvas`, 'data-draws'))[0] ?? 0);
      const inView = (k: number): Promise<boolean> =>
        small.page.$eval(`.card[data-id="c${k}"]`, (card) => (card as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top < 400);
      await small.send(snapshotMessage({ charts: [0, 1, 2, 3, 4, 5].map((k) => chart(k)) }));
      await small.page.waitForSelector('.card[data-id="c0"] canvas');
      await settle(small.page);
      assert.equal(await inView(0), true);
      assert.equal(await inView(5), false, 'the last chart is below the fold');
      const first = await draws(0);
      assert.ok(first > 0);
      await small.page.$eval('.card[data-id="c0"] canvas', (c) => void ((c as unknown as { dataset: Record<string, string> }).dataset['mark'] = 'same'));

      await small.send(snapshotMessage({ revision: 2, charts: [0, 1, 2, 3, 4, 5].map((k) => chart(k)) }));
      assert.equal(await draws(0), first, 'the same points: not drawn again');

      await small.send(snapshotMessage({ revision: 3, charts: [0, 1, 2, 3, 4, 5].map((k) => chart(k, 1)) }));
      assert.ok((await draws(0)) > first, 'new points: drawn again');
      assert.deepEqual(await attributes(small.page, '.card[data-id="c0"] canvas', 'data-mark'), ['same'], 'into the same canvas');
      const hidden = await draws(5);
      await small.send(snapshotMessage({ revision: 4, charts: [0, 1, 2, 3, 4, 5].map((k) => chart(k, 2)) }));
      assert.equal(await draws(5), hidden, 'out of view: not drawn');
      assert.equal((await attributes(small.page, '.card[data-id="c5"]', 'data-points'))[0], '120');
      const before = await draws(0);
      await small.send(snapshotMessage({ revision: 5, charts: [0, 1, 2, 3, 4, 5, 6].map((k) => chart(k, 2)) }));
      await settle(small.page);
      assert.equal(await draws(0), before, 'a card added below (the grid grows, its width does not): nothing redrawn');

      await small.page.$eval('.card[data-id="c5"]', (card) => (card as unknown as { scrollIntoView(): void }).scrollIntoView());
      await small.page.waitForFunction(`Number(document.querySelector('.card[data-id="c5"] canvas')?.getAttribute('data-draws')) > ${hidden}`);
    } finally {
      await small.page.close();
    }
  });
});
