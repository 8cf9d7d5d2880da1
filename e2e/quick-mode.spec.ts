import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import { recordActUndoSteps } from './support/panel-steps.ts';

const openPanel = panelsClosedAfterEach();

test('without the trusted port the panel records quick checkpoints over chrome.debugger', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: false });
  const { panel } = session;
  const status = await panel.waitFor<string>(
    'quick mode',
    `document.querySelector('.status .source-quick')?.textContent`,
  );
  expect(status).toContain('Quick mode (chrome.debugger)');
  expect(await panel.text()).toContain('npx leaks browser');
  await recordActUndoSteps(session, 30_000);
  await panel.waitFor(
    'the quick comparison',
    `!!document.querySelector('.quick') && !document.querySelector('.banner')`,
  );
  const trees = await panel.panel.evaluate<string[]>(
    `[...document.querySelectorAll('[aria-label="Detached trees"] li')].map((li) => li.textContent)`,
  );
  expect(trees).toHaveLength(1);
  expect(trees[0]).toContain(`Detached ${CLOSURE_DETACHED.detachedRootSelector}`);
  expect(trees[0]).toContain(`(${CLOSURE_DETACHED.detachedElementsPerCycle} elements)`);
  expect(await panel.text()).toContain('Leak suspected');
  // Quick mode has no heap snapshot, so there is no report to export.
  expect(
    await panel.panel.evaluate(
      `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Export report').disabled`,
    ),
  ).toBe(true);
});
