import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { mentionsDetachedRoot } from './support/expectations-text.ts';
import { snapshotFixtureToFiles } from './support/fixture-files.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

test('importing saved .heapsnapshot files shows the same leak as recording them', async () => {
  const session = await openPanel('/clean-control.html', { trusted: false });
  const files = await snapshotFixtureToFiles(`${session.server.origin}${CLOSURE_DETACHED.path}`);
  const { panel } = session;

  // A file chooser cannot be clicked headless; hand the files to the panel's file input as the chooser would.
  const { root } = await panel.panel.send<{ root: { nodeId: number } }>('DOM.getDocument');
  const { nodeId } = await panel.panel.send<{ nodeId: number }>('DOM.querySelector', {
    nodeId: root.nodeId,
    selector: 'input[type=file]',
  });
  await panel.panel.send('DOM.setFileInputFiles', { nodeId, files });

  await panel.waitFor(
    'three imported checkpoints',
    `document.querySelectorAll('.checkpoints li').length === 3`,
    45_000,
  );
  await panel.waitFor(
    'the report',
    `!!document.querySelector('.cards') && !document.querySelector('.banner')`,
    45_000,
  );
  const titles = await panel.panel.evaluate<string[]>(
    `[...document.querySelectorAll('.leak-title')].map((t) => t.textContent)`,
  );
  expect(titles.some((t) => mentionsDetachedRoot(t, CLOSURE_DETACHED))).toBe(true);
  const checkpoints = await panel.panel.evaluate<string>(
    `document.querySelector('.checkpoints').textContent`,
  );
  for (const role of ['baseline', 'target', 'final']) expect(checkpoints).toContain(`${role}.heapsnapshot`);
});
