import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { extensionDebuggerAttached, extensionServiceWorker, tabIdOf } from './support/extension-worker.ts';
import { ALERT_TEXT, CHECKPOINTS_TEXT, recordCheckpoint } from './support/panel-steps.ts';
import { createPageClicker } from './support/page-input.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

test('quick mode: the user detaching the debugger is reported; the next Record attaches again', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: false });
  const { panel, browser } = session;
  await panel.waitFor('quick mode', `!!document.querySelector('.status .source-quick')`);
  const pageClicker = await createPageClicker(browser.page);
  await recordCheckpoint(panel, 'baseline');
  const baselineLine = await panel.panel.evaluate<string>(CHECKPOINTS_TEXT);

  // The infobar's Cancel cannot be clicked headless; detaching from the service worker ends the panel's session
  // the same way, except that Chrome then fires no onDetach (measured): the panel learns it on its next command.
  const serviceWorker = await extensionServiceWorker(browser.context);
  const tabId = await tabIdOf(serviceWorker, browser.page.url());
  await serviceWorker.evaluate((id) => chrome.debugger.detach({ tabId: id }), tabId);
  expect(await extensionDebuggerAttached(serviceWorker, tabId)).toBe(false);

  await pageClicker.click('#act');
  await panel.click('Record target', () => panel.panel.evaluate(ALERT_TEXT));
  const alert = await panel.waitFor<string>('the error', ALERT_TEXT);
  expect(alert).toContain("Chrome's debugger was detached from this tab");
  expect(await panel.recordState('target')).toBe('pending');
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toBe(baselineLine);

  await recordCheckpoint(panel, 'target');
  await panel.waitFor(
    'the quick comparison',
    `!!document.querySelector('.quick') && !document.querySelector('.banner')`,
  );
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toContain('target quick');
  expect(await extensionDebuggerAttached(serviceWorker, tabId)).toBe(true);
});
