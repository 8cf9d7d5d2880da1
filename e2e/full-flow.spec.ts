import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LeakReport } from '../src/core/report/model.ts';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { mentionsDetachedRoot } from './support/expectations-text.ts';
import { downloadFrom } from './support/downloads.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import { recordActUndo } from './support/panel-steps.ts';

const LEAKS_BIN = fileURLToPath(new URL('../bin/leaks.js', import.meta.url));
const ROLES = ['baseline', 'target', 'final'] as const;

const openPanel = panelsClosedAfterEach();

const withoutTime = (report: LeakReport) => ({ ...report, generatedAt: undefined });

test('baseline → act → target → undo → final: the price-ticker leak, its chain, listeners, and the same JSON as the CLI', async () => {
  test.setTimeout(90_000);
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  await recordActUndo(session);
  const { panel, browser } = session;

  // On screen: a detached-DOM cluster naming the price ticker, selected, with its readable chain.
  const leakButton = /detached-dom.*price-ticker/;
  await panel.click(leakButton, () =>
    panel.panel.evaluate(
      `document.querySelector('.leak[aria-pressed="true"]')?.textContent.includes('price-ticker')`,
    ),
  );
  const chain = await panel.panel.evaluate<string[]>(
    `[...document.querySelectorAll('.readable-chain li')].map((li) => li.textContent)`,
  );
  const chainText = chain.join('\n');
  for (const name of ['priceStore', 'listeners', ...CLOSURE_DETACHED.handlerNames, 'el'])
    expect(chainText).toContain(name);
  expect(mentionsDetachedRoot(chain.at(-1) ?? '', CLOSURE_DETACHED)).toBe(true);
  const closureButton = await panel.panel.evaluate<string>(
    `document.querySelector('.readable-chain button.location')?.textContent`,
  );
  expect(closureButton).toMatch(/^closure-detached\.html:\d+:\d+$/);

  await panel.click('Show raw chain', () => panel.panel.evaluate(`!!document.querySelector('.raw-chain')`));
  const rawChain = await panel.panel.evaluate<string>(`document.querySelector('.raw-chain').textContent`);
  let at = 0;
  for (const edge of CLOSURE_DETACHED.chainEdges) {
    at = rawChain.indexOf(`—${edge}→`, at);
    expect(at, `raw chain edge ${edge}`).toBeGreaterThanOrEqual(0);
  }

  // Export JSON from the panel, save the three snapshots, and check the CLI says exactly the same.
  const exported = await downloadFrom(browser.browserSession, browser.downloadDir, () =>
    panel.click('Export report', async () => true),
  );
  const files: string[] = [];
  for (const role of ROLES) {
    files.push(
      await downloadFrom(browser.browserSession, browser.downloadDir, () =>
        panel.click(`Save ${role} snapshot`, async () => true),
      ),
    );
  }
  const panelReport = JSON.parse(readFileSync(exported, 'utf8')) as LeakReport;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [LEAKS_BIN, 'compare', ...files, '--format', 'json'],
    {
      maxBuffer: 64 << 20,
    },
  );
  const cliReport = JSON.parse(stdout) as LeakReport;
  expect(withoutTime(panelReport)).toEqual(withoutTime(cliReport));

  // The summary cards and the listeners tab show the report's numbers.
  const cards = await panel.panel.evaluate<
    Record<string, string>
  >(`Object.fromEntries([...document.querySelectorAll('.card')]
    .map((c) => [c.querySelector('.card-label').textContent, c.querySelector('.card-value').textContent]))`);
  const delta = panelReport.summary.listenerDelta;
  expect(cards['Listener delta']).toBe(delta > 0 ? `+${delta}` : String(delta));
  expect(cards['Leaked detached elements']).toBe(String(CLOSURE_DETACHED.detachedElementsPerCycle));
  await panel.click(/^Listeners$/, () => panel.panel.evaluate(`!!document.querySelector('.listeners')`));
  expect(await panel.text()).toContain(
    `JS event listeners: ${panelReport.listeners.counts.map((c) => `${c.role} ${c.count}`).join(' → ')}`,
  );

  // Last, because it leaves the Leaks panel: the closure's location opens the script in DevTools' Sources panel.
  await panel.click(/^Leaks \(\d+\)$/, () => panel.panel.evaluate(`!!document.querySelector('.chain')`));
  await panel.click(/^closure-detached\.html:\d+:\d+$/, () => panel.devtoolsTabSelected('tab-sources'));
});
