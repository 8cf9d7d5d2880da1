import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { extensionServiceWorker, tabIdOf } from './support/extension-worker.ts';
import { savedSessionOnceIndexed } from './support/opfs-contents.ts';
import { createPageClicker } from './support/page-input.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import {
  CHECKPOINTS_TEXT,
  recordTrustedBaseline,
  reloadPanel,
  REPORT_SHOWN,
  TRUSTED_MODE,
} from './support/panel-steps.ts';

const openPanel = panelsClosedAfterEach();

test('a reloaded panel restores its checkpoints and results; Clear removes them for good', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel, browser } = session;
  const pageClicker = await createPageClicker(browser.page);
  await recordTrustedBaseline(panel, 30_000);
  await pageClicker.click('#act');
  await panel.click('Record target', () => panel.recordState('target').then((s) => s !== 'pending'));
  await panel.waitFor('the report', REPORT_SHOWN, 30_000);
  const before = await panel.panel.evaluate<string>(CHECKPOINTS_TEXT);
  const cardsBefore = await panel.panel.evaluate<string>(`document.querySelector('.cards').textContent`);
  // Reload once both saved copies are written (they come after the results).
  const tabId = await tabIdOf(await extensionServiceWorker(browser.context), browser.page.url());
  await savedSessionOnceIndexed(panel.panel, tabId, 2);

  await reloadPanel(panel);
  await panel.waitFor('the restored report', REPORT_SHOWN, 30_000);
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toBe(before);
  expect(await panel.panel.evaluate<string>(`document.querySelector('.cards').textContent`)).toBe(
    cardsBefore,
  );
  expect(await panel.recordState('final')).toBe('pending');

  await panel.click('Clear', () => panel.panel.evaluate(`!document.querySelector('.checkpoints')`));
  await reloadPanel(panel);
  await panel.waitFor('the source check', TRUSTED_MODE);
  await new Promise((resolve) => setTimeout(resolve, 500)); // give a (wrong) restore time to show up
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toBe('');
  expect(await panel.recordState('baseline')).toBe('pending');
});
