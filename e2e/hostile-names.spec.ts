import { expect, test } from '@playwright/test';
import { HOSTILE } from './fixtures/expectations.ts';
import { panelsClosedAfterEach } from './support/panel-session.ts';
import { recordActUndo } from './support/panel-steps.ts';

const openPanel = panelsClosedAfterEach();

/** Nothing the page named may run or become markup in the panel: every payload sets window.__pwned. */
const NOTHING_INJECTED = `window.__pwned === undefined && document.querySelectorAll('img, svg, script:not([src]), [onerror], [onload]').length === 0`;

test('markup and script in heap names show as text in the panel and never run', async () => {
  const session = await openPanel(HOSTILE.path, { trusted: true });
  await recordActUndo(session);
  const { panel } = session;

  await panel.click(/detached-dom/, () =>
    panel.panel.evaluate(`!!document.querySelector('.readable-chain')`),
  );
  const readable = await panel.panel.evaluate<string>(`document.querySelector('.chain').textContent`);
  expect(readable).toContain('widgetRegistry');
  expect(await panel.panel.evaluate(NOTHING_INJECTED)).toBe(true);

  await panel.click('Show raw chain', () => panel.panel.evaluate(`!!document.querySelector('.raw-chain')`));
  const raw = await panel.panel.evaluate<string>(`document.querySelector('.raw-chain').textContent`);
  for (const edge of HOSTILE.chainEdges) expect(raw).toContain(edge);
  expect(await panel.panel.evaluate(NOTHING_INJECTED)).toBe(true);
  expect(await panel.devtools.evaluate(`window.__pwned === undefined`)).toBe(true);
});
