import { expect, test } from '@playwright/test';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import { evaluateInAnalysisWorker } from './support/panel-worker.ts';
import { CHECKPOINTS_TEXT, recordCheckpoint, REPORT_SHOWN } from './support/panel-steps.ts';

const openPanel = panelsClosedAfterEach();

test('the Leaks tab appears in the real DevTools and Record baseline goes busy, then done', async () => {
  const session = await openPanel('/closure-detached.html', { trusted: true });
  const { panel, browser } = session;

  const status = await panel.waitFor<string>(
    'the capture source',
    `document.querySelector('.status .source-trusted, .status .source-quick')?.textContent`,
  );
  expect(status).toBe(`Full heap snapshots (Leaks relay on port ${browser.endpointPort})`);
  for (const name of [
    'Record baseline',
    'Record target',
    'Record final',
    'Export report',
    'Import snapshot',
    'Clear',
  ]) {
    expect(
      await panel.panel.evaluate(
        `!![...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(name)})`,
      ),
    ).toBe(true);
  }

  // The analysis worker reads a snapshot's numbers in WebAssembly (number-scan.ts) only where the extension's CSP
  // allows 'wasm-unsafe-eval'; otherwise it falls back to JavaScript, slower and silently.
  expect(
    await evaluateInAnalysisWorker(
      panel.panel,
      `(() => { try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return 'compiles'; } catch (error) { return String(error); } })()`,
    ),
  ).toBe('compiles');

  const seen = new Set<string>();
  await panel.click('Record baseline', async () => {
    const state = await panel.recordState('baseline');
    if (state) seen.add(state);
    return state !== 'pending';
  });
  await panel.waitFor(
    'the baseline to be recorded',
    `(() => {
    const b = [...document.querySelectorAll('button.record')].find((b) => b.textContent.trim() === 'Record baseline');
    return b.dataset.state === 'done';
  })()`,
  );
  expect([...seen]).toContain('busy');
  expect(await panel.recordState('target')).toBe('pending');
  expect(await panel.text()).toContain('baseline');
  expect(
    await panel.panel.evaluate(
      `document.querySelector('button.record[data-state="pending"]:not(:disabled)')?.textContent`,
    ),
  ).toBe('Record target');
});

test("without the relay (Chrome started by hand with a debugging port), snapshots still come over Chromium's own endpoint", async () => {
  const session = await openPanel('/closure-detached.html', { trusted: true, direct: true });
  const { panel, browser } = session;
  const status = await panel.waitFor<string>(
    'the capture source',
    `document.querySelector('.status .source-trusted, .status .source-quick')?.textContent`,
  );
  expect(status).toBe(`Full heap snapshots (trusted connection on port ${browser.debuggingPort})`);
  await recordCheckpoint(panel, 'baseline');
  await recordCheckpoint(panel, 'target');
  await panel.waitFor('the report', REPORT_SHOWN);
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toMatch(/target\.heapsnapshot · [\d.]+ [kM]B/);
});
