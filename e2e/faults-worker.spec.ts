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
import { crashAnalysisWorker } from './support/panel-worker.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

test('the analysis worker dying mid-capture is reported; it restarts with the saved checkpoints', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel } = session;
  const baselineLine = await recordTrustedBaseline(panel);

  await addBallast(session);
  await startSnapshot(panel, 'target');
  await crashAnalysisWorker(panel.panel);

  const alert = await panel.waitFor<string>('the error', ALERT_TEXT);
  expect(alert).toContain('The analysis worker stopped');
  expect(alert).toContain('injected worker crash');
  await panel.waitFor('the restored baseline', `${JSON.stringify(baselineLine)} === (${CHECKPOINTS_TEXT})`);
  expect(await panel.recordState('baseline')).toBe('done');
  expect(await panel.recordState('target')).toBe('pending');

  await recordCheckpoint(panel, 'target');
  await panel.waitFor('the report', REPORT_SHOWN);
  expect(await panel.panel.evaluate<string>(CHECKPOINTS_TEXT)).toContain('target.heapsnapshot');
});
