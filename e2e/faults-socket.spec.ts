import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import {
  addBallast,
  ALERT_TEXT,
  CHECKPOINTS_TEXT,
  recordCheckpoint,
  recordTrustedBaseline,
  REPORT_SHOWN,
  startSnapshot,
} from './support/panel-steps.ts';
import { dropPanelSockets, trackPanelSockets } from './support/panel-sockets.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

test('the trusted WebSocket dropping mid-capture is reported; the next capture reconnects', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel } = session;
  await trackPanelSockets(panel.panel); // before the panel opens its socket (at the first Record)
  const baselineLine = await recordTrustedBaseline(panel);

  await addBallast(session);
  await startSnapshot(panel, 'target');
  expect(await dropPanelSockets(panel.panel)).toBe(1);

  const alert = await panel.waitFor<string>('the error', ALERT_TEXT);
  expect(alert).toContain("The connection to Chrome's debugging port dropped during the capture");
  expect(await panel.recordState('target')).toBe('pending');
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toBe(baselineLine);

  await recordCheckpoint(panel, 'target');
  await panel.waitFor('the report', REPORT_SHOWN);
  expect(await panel.panel.evaluate<number>('window.__leaksSockets.length')).toBe(2);
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toContain('target.heapsnapshot');
});
