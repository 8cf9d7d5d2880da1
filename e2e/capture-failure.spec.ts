import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import {
  addBallast,
  ALERT_TEXT,
  recordCheckpoint,
  recordTrustedBaseline,
  REPORT_SHOWN,
} from './support/panel-steps.ts';

const openPanel = panelsClosedAfterEach();

/**
 * Closing the inspected tab also closes its DevTools (and the panel with it), so the page is crashed instead:
 * its renderer goes away mid-capture while DevTools stays. The panel must say so and keep the baseline.
 */
test('the page going away mid-capture shows an error and keeps earlier checkpoints', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel } = session;
  await recordTrustedBaseline(panel, 30_000);

  // Ballast makes the next snapshot take seconds, so the crash lands inside it.
  const page = await addBallast(session);
  await panel.click('Record target', () => panel.recordState('target').then((s) => s === 'busy'));
  await panel.waitFor('the snapshot to start', `!!document.querySelector('.banner progress')`);
  void page.send('Page.crash').catch(() => undefined);

  const alert = await panel.waitFor<string>('the error', ALERT_TEXT);
  expect(alert).toContain('The inspected page closed or navigated away during the capture');
  expect(await panel.recordState('baseline')).toBe('done');
  expect(await panel.recordState('target')).toBe('pending');
  expect(await panel.panel.evaluate(`document.querySelector('.checkpoints').textContent`)).toContain(
    'baseline',
  );
});

test('Cancel stops a capture; the next one records cleanly on the same connection', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel } = session;
  await recordTrustedBaseline(panel, 30_000);
  await addBallast(session);
  await panel.click('Record target', () => panel.recordState('target').then((s) => s === 'busy'));
  await panel.click('Cancel', () => panel.recordState('target').then((s) => s === 'pending'));
  expect(await panel.panel.evaluate(`document.querySelector('[role=alert]')`)).toBeNull();

  await recordCheckpoint(panel, 'target', 45_000);
  await panel.waitFor('the report', REPORT_SHOWN);
  const targetLine = await panel.panel.evaluate<string>(
    `document.querySelector('.checkpoints li:nth-child(2)').textContent`,
  );
  expect(targetLine).toContain('target.heapsnapshot');
});
