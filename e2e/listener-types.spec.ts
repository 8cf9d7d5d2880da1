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
  // The report comes first; the page's listener inventory names the type a moment later.
  const chainText = `[...document.querySelectorAll('.readable-chain li')].map((li) => li.textContent).join('\\n')`;
  await panel.waitFor('the chain', `!!document.querySelector('.readable-chain li')`);
  await panel.waitFor('the named listener', `${chainText}.includes("'resize' listener on Window")`);
  expect(await panel.panel.evaluate<string>(chainText)).toContain("'resize' listener on Window");
});
