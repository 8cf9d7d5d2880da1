import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaywrightConnection } from '../cdp/playwright-connection.ts';
import type { CdpConnection } from '../cdp/connection.ts';
import { takeQuickCheckpoint } from './quick-checkpoint.ts';
import { compareQuickCheckpoints } from './quick-compare.ts';
import type { QuickComparison } from './quick-model.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';

const ORIGIN = 'http://leaks.test';

/** Fixture-like pages: #act does something, #undo should undo it. The leaky app forgets to. */
const LEAKY_APP = `
const tickers = [];
document.getElementById('act').addEventListener('click', function onAct() {
  const ticker = document.createElement('div');
  ticker.className = 'price-ticker';
  ticker.innerHTML = '<span class="bid">1</span><span class="ask">2</span>';
  ticker.addEventListener('mouseover', function onHover() {});
  document.getElementById('app').appendChild(ticker);
  window.addEventListener('resize', function onResize() { ticker.textContent = innerWidth; });
});
document.getElementById('undo').addEventListener('click', function onUndo() {
  for (const ticker of document.querySelectorAll('.price-ticker')) { ticker.remove(); tickers.push(ticker); }
});`;

const CLEAN_APP = `
let cleanup = [];
document.getElementById('act').addEventListener('click', function onAct() {
  const ticker = document.createElement('div');
  ticker.className = 'price-ticker';
  ticker.innerHTML = '<span class="bid">1</span><span class="ask">2</span>';
  document.getElementById('app').appendChild(ticker);
  const onResize = () => { ticker.textContent = innerWidth; };
  window.addEventListener('resize', onResize);
  cleanup.push(() => { window.removeEventListener('resize', onResize); ticker.remove(); });
});
document.getElementById('undo').addEventListener('click', function onUndo() {
  for (const undo of cleanup) undo();
  cleanup = [];
});`;

function html(script: string): string {
  return `<!doctype html><div id="app"><button id="act">act</button><button id="undo">undo</button></div>
    <script src="${ORIGIN}/${script}"></script>`;
}

describe('quick checkpoints on a real page', () => {
  let browser: Browser;
  let profileDir: string;

  beforeAll(async () => {
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaks-quick-test-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
  });

  async function openApp(script: string): Promise<{ page: Page; conn: CdpConnection }> {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const body =
        name === 'leaky.js'
          ? LEAKY_APP
          : name === 'clean.js'
            ? CLEAN_APP
            : html(name.replace('.html', '.js'));
      return route.fulfill({ contentType: name.endsWith('.js') ? 'text/javascript' : 'text/html', body });
    });
    await page.goto(`${ORIGIN}/${script.replace('.js', '.html')}`);
    const conn = createPlaywrightConnection(await page.context().newCDPSession(page));
    return { page, conn };
  }

  async function runScenario(script: string, clicks: number): Promise<QuickComparison> {
    const { page, conn } = await openApp(script);
    try {
      // Playwright injects its utility script (13 window listeners) on the first action: do that before the baseline.
      await page.click('#undo');
      const baseline = await takeQuickCheckpoint(conn, { label: 'baseline' });
      for (let i = 0; i < clicks; i++) await page.click('#act');
      const target = await takeQuickCheckpoint(conn, { label: 'target' });
      await page.click('#undo');
      const final = await takeQuickCheckpoint(conn, { label: 'final' });
      expect([...baseline.notes, ...target.notes, ...final.notes]).toEqual([]);
      return compareQuickCheckpoints({ baseline, target, final });
    } finally {
      await page.close();
    }
  }

  it('finds the detached trees and the listener pile-up of a leaky app', async () => {
    const result = await runScenario('leaky.js', 3);
    expect(result.leakSuspected).toBe(true);
    expect(result.detachedTrees).toHaveLength(1);
    expect(result.detachedTrees[0]).toMatchObject({
      root: 'div.price-ticker',
      trees: 3,
      elements: 9,
      seenAtTarget: 0,
    });
    expect(result.detachedTrees[0]?.retainedBy).toContain('div.price-ticker');
    const resize = result.listenerPileUps.find((p) => p.type === 'resize');
    expect(resize).toMatchObject({ target: 'Window', handlerName: 'onResize', delta: 3, baselineCount: 0 });
    expect(resize?.targetCount).toBe(3);
    expect(resize?.location.url).toBe(`${ORIGIN}/leaky.js`);
    expect(resize?.location.line).toBe(
      LEAKY_APP.split('\n').findIndex((l) => l.includes('function onResize')),
    );
    const hover = result.listenerPileUps.find((p) => p.type === 'mouseover');
    expect(hover).toMatchObject({ target: 'detached div.price-ticker', handlerName: 'onHover', delta: 3 });
    // While attached (target checkpoint) the hover listeners sat on live `div.price-ticker` elements.
    const listeners = result.counters.find((c) => c.name === 'jsEventListeners');
    expect(listeners?.delta).toBe(6);
  });

  it('reports nothing for the clean control', async () => {
    const result = await runScenario('clean.js', 3);
    expect(result.detachedTrees).toEqual([]);
    expect(result.listenerPileUps).toEqual([]);
    expect(result.leakSuspected).toBe(false);
    expect(result.counters.find((c) => c.name === 'jsEventListeners')?.delta).toBe(0);
    expect(result.counters.find((c) => c.name === 'nodes')?.target).toBeGreaterThan(
      result.counters.find((c) => c.name === 'nodes')?.final ?? Infinity,
    );
  });

  it('releases its object groups and reads a large page in reasonable time', async () => {
    const { page, conn } = await openApp('clean.js');
    try {
      await page.evaluate(() => {
        const list = document.createElement('ul');
        for (let i = 0; i < 5000; i++) {
          const item = document.createElement('li');
          item.className = 'row';
          item.addEventListener('click', () => {});
          list.appendChild(item);
        }
        document.body.appendChild(list);
      });
      const first = await takeQuickCheckpoint(conn, { label: 'a' });
      const second = await takeQuickCheckpoint(conn, { label: 'b' });
      const rows = first.listeners.find((l) => l.target === 'li.row' && l.type === 'click');
      expect(rows?.count).toBe(5000);
      // Released groups mean no growth from our own remote objects between two identical checkpoints.
      expect(second.counters.nodes).toBeLessThanOrEqual(first.counters.nodes);
      expect(second.counters.jsEventListeners).toBe(first.counters.jsEventListeners);
      console.log('quick checkpoint timings, 5000 listeners:', JSON.stringify(second.timings));
    } finally {
      await page.close();
    }
  });
});
