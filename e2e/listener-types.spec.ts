import { expect, test } from '@playwright/test';
import { LISTENER_PILEUP } from './fixtures/expectations.ts';
import { createPageClicker } from './support/page-input.ts';
import { openPanelOn, type PanelSession } from './support/panel-session.ts';

let session: PanelSession | undefined;
test.afterEach(async () => {
  await session?.close();
  session = undefined;
});

const recorded = (role: string) => `[...document.querySelectorAll('button.record')]
  .find((b) => b.textContent.trim() === 'Record ${role}')?.dataset.state === 'done'`;

test("full snapshots name the listener's event type: 'resize' listener on Window", async () => {
  test.setTimeout(90_000);
  session = await openPanelOn(LISTENER_PILEUP.path, { trusted: true });
  const { panel, browser } = session;
  await panel.waitFor('trusted mode', `!!document.querySelector('.status .source-trusted')`);
  const pageClicker = await createPageClicker(browser.page);
  for (const [role, action] of [
    ['baseline', undefined],
    ['target', '#act'],
    ['final', '#undo'],
  ] as const) {
    if (action) await pageClicker.click(action);
    await panel.click(`Record ${role}`, () => panel.recordState(role).then((s) => s !== 'pending'));
    await panel.waitFor(`the ${role} checkpoint`, recorded(role), 45_000);
  }
  await panel.waitFor('the report', `!!document.querySelector('.readable-chain li')`);
  const chain = await panel.panel.evaluate<string[]>(
    `[...document.querySelectorAll('.readable-chain li')].map((li) => li.textContent)`,
  );
  expect(chain.join('\n')).toContain("'resize' listener on Window");
});
