import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../../test/support/chromium.ts';
import { renderReport } from '../core/report/render.ts';
import { HOSTILE_STRINGS, hostileLeakReport } from '../core/report/sample-report.ts';
import { analyzeSnapshot, compareSnapshots } from '../core/index.ts';
import { loadSnapshot } from '../../test/support/load-snapshot.ts';
import { fixtureSnapshot } from '../../test/support/fixture-snapshots.ts';

/**
 * The HTML report as `leaks compare --out report.html` writes it, opened from disk in real Chromium with hostile
 * heap strings: the browser's own parser decides whether anything was injected, not a regex.
 */

let chromium: LaunchedChromium;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leaks-html-'));
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the report to a file and opens it in a new page, recording every request and dialog it causes. */
async function openReportFile(name: string, html: string) {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await chromium.context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  return { file, page, requests, dialogs };
}

describe('the HTML report in Chromium', () => {
  it('shows hostile heap strings as text: no element, handler, request or script comes from them', async () => {
    const { file, page, requests, dialogs } = await openReportFile(
      'hostile.html',
      renderReport(hostileLeakReport(), 'html'),
    );
    const found = await page.evaluate(() => ({
      injected: document.querySelectorAll('img, script, iframe, a, link, object, embed, form, b').length,
      handlers: [...document.querySelectorAll('*')].flatMap((element) =>
        [...element.attributes].map((attribute) => attribute.name).filter((name) => name.startsWith('on')),
      ),
      chainSteps: document.querySelectorAll('#leak-L1 ol.chain > li').length,
      details: document.querySelectorAll('details').length,
      text: document.body.innerText,
      bidiIsolation: getComputedStyle(document.querySelector('bdi')!).unicodeBidi,
      overflow: document.documentElement.scrollWidth <= window.innerWidth + 1,
    }));
    expect(found.injected).toBe(0);
    expect(found.handlers).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(found.chainSteps).toBe(7);
    expect(found.details).toBeGreaterThanOrEqual(4);
    expect(found.text).toContain(HOSTILE_STRINGS.markup);
    expect(found.bidiIsolation).toBe('isolate');
    // Long names wrap instead of widening the page.
    expect(found.overflow).toBe(true);
    await page.close();
  });
});

describe('the HTML report of a real hostile page', () => {
  it("carries the page's markup-laden names as inert text", async () => {
    const report = compareSnapshots({
      baseline: loadSnapshot(fixtureSnapshot('hostile', 'baseline'), 'ids'),
      target: loadSnapshot(fixtureSnapshot('hostile', 'target'), 'ids'),
      final: analyzeSnapshot(loadSnapshot(fixtureSnapshot('hostile', 'final'))),
    });
    expect(report.leaks.some((leak) => leak.kind === 'detached-dom')).toBe(true);
    const { file, page, requests, dialogs } = await openReportFile(
      'real-hostile.html',
      renderReport(report, 'html'),
    );
    const found = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      injected: document.querySelectorAll('img, script, iframe, a, svg, object, embed, form').length,
      text: document.body.innerText,
    }));
    expect(found.pwned).toBeUndefined();
    expect(found.injected).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    // The names are there, as text: the property that holds the handler and the element's id.
    expect(found.text).toContain('<img src=x onerror=window.__pwned=4>');
    expect(found.text).toContain('</script><img src=x onerror=window.__pwned=1>');
    // Heap string values stay out unless asked for.
    expect(found.text).not.toContain('window.__pwned=5');
    await page.close();
  });
});
