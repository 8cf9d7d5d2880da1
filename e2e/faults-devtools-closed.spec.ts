import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { waitUntil } from './support/devtools-driver.ts';
import { extensionServiceWorker, tabIdOf } from './support/extension-worker.ts';
import {
  addBallast,
  CHECKPOINTS_TEXT,
  recordCheckpoint,
  recordTrustedBaseline,
  reloadPanel,
  REPORT_SHOWN,
  startSnapshot,
  waitForTrustedMode,
} from './support/panel-steps.ts';
import {
  savedSessionFromPanel,
  savedSessionFromServiceWorker,
  savedSessionOnceIndexed,
} from './support/opfs-contents.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

test('DevTools closing mid-capture leaves only complete checkpoints in the saved session', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel, browser } = session;
  await recordTrustedBaseline(panel);
  const tabId = await tabIdOf(await extensionServiceWorker(browser.context), browser.page.url());
  const saved = await savedSessionOnceIndexed(panel.panel, tabId, 1);
  expect(saved.indexedRoles).toEqual(['baseline']);
  const baselineBytes = saved.files['baseline.heapsnapshot'];
  expect(baselineBytes).toBeGreaterThan(1_000_000);

  await addBallast(session);
  await startSnapshot(panel, 'target');
  await browser.browserSession.send('Target.closeTarget', { targetId: panel.devtools.targetId });

  const serviceWorker = await extensionServiceWorker(browser.context);
  const after = await waitUntil('the closed panel to release its files', async () => {
    const contents = await savedSessionFromServiceWorker(serviceWorker, tabId);
    return contents.indexedRoles.length > 0 ? contents : null;
  });
  expect(after.indexedRoles).toEqual(['baseline']);
  expect(after.files['baseline.heapsnapshot']).toBe(baselineBytes);
  // The interrupted target may only exist as a `.partial` file, which the next worker deletes on start.
  expect(Object.keys(after.files).filter((name) => name.startsWith('target'))).not.toContain(
    'target.heapsnapshot',
  );
});

test('the panel reloaded mid-capture restores its checkpoints from OPFS and records the next one', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel, browser } = session;
  const baselineLine = await recordTrustedBaseline(panel);
  const tabId = await tabIdOf(await extensionServiceWorker(browser.context), browser.page.url());

  await addBallast(session);
  await startSnapshot(panel, 'target');
  await reloadPanel(panel);
  await panel.waitFor('the restored baseline', `${JSON.stringify(baselineLine)} === (${CHECKPOINTS_TEXT})`);
  expect(await panel.recordState('target')).toBe('pending');
  const restored = await savedSessionFromPanel(panel.panel, tabId);
  expect(restored.indexedRoles).toEqual(['baseline']);
  expect(Object.keys(restored.files).sort()).toEqual(['baseline.heapsnapshot', 'checkpoints.json']);

  await waitForTrustedMode(panel);
  await recordCheckpoint(panel, 'target');
  await panel.waitFor('the report', REPORT_SHOWN);
  const saved = await savedSessionOnceIndexed(panel.panel, tabId, 2);
  expect(saved.indexedRoles).toEqual(['baseline', 'target']);
  expect(Object.keys(saved.files).sort()).toEqual([
    'baseline.heapsnapshot',
    'checkpoints.json',
    'target.heapsnapshot',
  ]);
});
