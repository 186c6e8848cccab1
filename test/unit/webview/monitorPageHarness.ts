// Loads the Monitor page's real bundle (dist/webview.js) into headless Chromium with a
// stub acquireVsCodeApi that records what the page posts. Shared by the tests and the bench.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, LogLine, MonitorSnapshot, WebviewMessage } from '../../../src/protocol/monitorProtocol';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** A loaded Monitor page and ways to talk to it as the extension would. */
export interface MonitorPageHandle {
  page: Page;
  /** Errors thrown inside the page and not caught there (a draw that threw half-way leaves a broken list). */
  readonly pageErrors: string[];
  /** Posts a message to the page the way VS Code delivers one. */
  send(message: HostMessage | Record<string, unknown>): Promise<void>;
  /** Messages the page posted so far. */
  posted(): Promise<WebviewMessage[]>;
  /** Sends `count` numbered lines from `fromSeq`, generated inside the page, in slices of 5,000. */
  sendNumberedLines(fromSeq: number, count: number, source?: string): Promise<void>;
  /** Loads the page again with the state it saved (a hidden and shown panel). */
  reload(): Promise<void>;
}

/** The page's globals as the callbacks below use them (the Node build has no DOM types). */
export interface PageWindow {
  __posted: WebviewMessage[];
  __state: unknown;
  __savedState: unknown;
  __pwned?: number;
  postMessage(message: unknown, origin: string): void;
  requestAnimationFrame(callback: (time: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
}

const stub = `
window.__posted = [];
window.__state = window.__savedState;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});`;

export async function openMonitorPage(browser: Browser, size = { width: 1000, height: 900 }): Promise<MonitorPageHandle> {
  const page = await browser.newPage({ viewport: size });
  const css = ['dist/uPlot.min.css', 'media/monitor.css'].map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\n');
  const script = join(REPO_ROOT, 'dist', 'webview.js');
  const load = async (savedState: unknown): Promise<void> => {
    await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body><main id="root"></main></body></html>`);
    await page.evaluate((s) => ((globalThis as unknown as PageWindow).__savedState = s), savedState);
    await page.addScriptTag({ content: stub });
    await page.addScriptTag({ path: script });
  };
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  await load(undefined);
  return {
    page,
    pageErrors,
    send: (message) => page.evaluate((m) => (globalThis as unknown as PageWindow).postMessage(m, '*'), message as unknown as Record<string, unknown>).then(() => settle(page)),
    posted: () => page.evaluate(() => (globalThis as unknown as PageWindow).__posted),
    sendNumberedLines: async (fromSeq, count, source = 'api') => {
      await page.evaluate(
        ({ fromSeq, count, source }) => {
          for (let start = fromSeq; start < fromSeq + count; start += 5000) {
            const lines = [];
            for (let seq = start; seq < Math.min(fromSeq + count, start + 5000); seq++) {
              const level = seq % 10 === 0 ? 'error' : seq % 5 === 0 ? 'warn' : 'info';
              const text = `line ${seq} ${level} request handled`;
              lines.push({ seq, time: 1_700_000_000_000 + seq, timeFromLine: false, source, level, text, message: text });
            }
            (globalThis as unknown as PageWindow).postMessage({ type: 'logAppend', fromSeq: start, lines }, '*');
          }
        },
        { fromSeq, count, source },
      );
      await settle(page);
    },
    reload: async () => {
      const saved = await page.evaluate(() => (globalThis as unknown as PageWindow).__state);
      await load(saved);
    },
  };
}

/** Lets posted messages arrive and a frame be drawn. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    return new Promise((resolve) => w.setTimeout(() => w.requestAnimationFrame(() => resolve(undefined)), 0));
  });
}

export function snapshotMessage(overrides: Partial<MonitorSnapshot> = {}): HostMessage {
  return {
    type: 'snapshot',
    snapshot: { revision: 1, configState: 'valid', trusted: true, charts: [], logSources: [], alerts: [], ...overrides },
  };
}

export function logLine(seq: number, text: string, source = 'api', level: LogLine['level'] = 'info'): LogLine {
  return { seq, time: 1_700_000_000_000 + seq, timeFromLine: false, source, level, text, message: text };
}

/** An element as the page callbacks read it. */
interface PageNode {
  textContent: string | null;
  value: string;
  scrollTop: number;
  getAttribute(name: string): string | null;
}

/** Text of every element matching the selector. */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (nodes) => nodes.map((n) => (n as unknown as PageNode).textContent ?? ''));
}

/** An attribute of every element matching the selector. */
export function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return page.$$eval(selector, (nodes, attr) => nodes.map((n) => (n as unknown as PageNode).getAttribute(attr)), name);
}

/** Value of the first input or select matching the selector. */
export function valueOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (n) => (n as unknown as PageNode).value);
}

/** Scrolls the first element matching the selector. */
export function scrollTo(page: Page, selector: string, top: number): Promise<void> {
  return page.$eval(selector, (n, y) => void ((n as unknown as PageNode).scrollTop = y), top);
}

