import { expect, test } from '@playwright/test';
import { CLEAN_CONTROL, CLOSURE_DETACHED } from './fixtures/expectations.ts';
import {
  addBallast,
  ALERT_TEXT,
  CHECKPOINTS_TEXT,
  recordCheckpoint,
  recordTrustedBaseline,
  REPORT_SHOWN,
  startSnapshot,
} from './support/panel-steps.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

test('navigating the inspected tab mid-snapshot is reported; the next capture works', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel, server } = session;
  const baselineLine = await recordTrustedBaseline(panel);

  const page = await addBallast(session);
  await startSnapshot(panel, 'target');
  void page.send('Page.navigate', { url: `${server.origin}${CLEAN_CONTROL.path}` }).catch(() => undefined);

  const alert = await panel.waitFor<string>('the error', ALERT_TEXT);
  expect(alert).toContain('navigated away during the capture');
  expect(await panel.recordState('baseline')).toBe('done');
  expect(await panel.recordState('target')).toBe('pending');
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toBe(baselineLine);

  await recordCheckpoint(panel, 'target');
  await panel.waitFor('the report', REPORT_SHOWN);
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toContain('target.heapsnapshot');
});
