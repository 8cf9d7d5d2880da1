import { expect, test } from '@playwright/test';
import { LISTENER_PILEUP } from './fixtures/expectations.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import { recordActUndo } from './support/panel-steps.ts';

const openPanel = panelsClosedAfterEach();

test("full snapshots name the listener's event type: 'resize' listener on Window", async () => {
  test.setTimeout(90_000);
  const session = await openPanel(LISTENER_PILEUP.path, { trusted: true });
  await recordActUndo(session);
  const { panel } = session;
  await panel.waitFor('the chain', `!!document.querySelector('.readable-chain li')`);
  const chain = await panel.panel.evaluate<string[]>(
    `[...document.querySelectorAll('.readable-chain li')].map((li) => li.textContent)`,
  );
  expect(chain.join('\n')).toContain("'resize' listener on Window");
});
