import { expect, test } from '@playwright/test';
import { CLOSURE_DETACHED } from './fixtures/expectations.ts';
import { waitUntil } from './support/devtools-driver.ts';
import { createPageClicker } from './support/page-input.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';

const openPanel = panelsClosedAfterEach();

const recorded = (role: string) => `[...document.querySelectorAll('button.record')]
  .find((b) => b.textContent.trim() === 'Record ${role}')?.dataset.state === 'done'`;
const checkpointsText = `document.querySelector('.checkpoints')?.textContent ?? ''`;

test('a reloaded panel restores its checkpoints and results; Clear removes them for good', async () => {
  const session = await openPanel(CLOSURE_DETACHED.path, { trusted: true });
  const { panel, browser } = session;
  await panel.waitFor('trusted mode', `!!document.querySelector('.status .source-trusted')`);
  const pageClicker = await createPageClicker(browser.page);
  await panel.click('Record baseline', () => panel.recordState('baseline').then((s) => s !== 'pending'));
  await panel.waitFor('the baseline', recorded('baseline'), 30_000);
  await pageClicker.click('#act');
  await panel.click('Record target', () => panel.recordState('target').then((s) => s !== 'pending'));
  await panel.waitFor(
    'the report',
    `!!document.querySelector('.cards') && !document.querySelector('.banner')`,
    30_000,
  );
  const before = await panel.panel.evaluate<string>(checkpointsText);
  const cardsBefore = await panel.panel.evaluate<string>(`document.querySelector('.cards').textContent`);

  const reload = async () => {
    // The marker proves the document was replaced, not just still showing the old one.
    await panel.panel.evaluate('window.beforeReload = true; location.reload(); true');
    await waitUntil('the reloaded panel', () =>
      panel.panel.evaluate<boolean>(`!window.beforeReload && !!document.querySelector('.toolbar')`),
    );
  };
  await reload();
  await panel.waitFor(
    'the restored report',
    `!!document.querySelector('.cards') && !document.querySelector('.banner')`,
    30_000,
  );
  expect(await panel.panel.evaluate<string>(checkpointsText)).toBe(before);
  expect(await panel.panel.evaluate<string>(`document.querySelector('.cards').textContent`)).toBe(
    cardsBefore,
  );
  expect(await panel.recordState('final')).toBe('pending');

  await panel.click('Clear', () => panel.panel.evaluate(`!document.querySelector('.checkpoints')`));
  await reload();
  await panel.waitFor('the source check', `!!document.querySelector('.status .source-trusted')`);
  await new Promise((resolve) => setTimeout(resolve, 500)); // give a (wrong) restore time to show up
  expect(await panel.panel.evaluate<string>(checkpointsText)).toBe('');
  expect(await panel.recordState('baseline')).toBe('pending');
});
