import type { CDPSession, Page } from 'playwright-core';

export interface PageClicker {
  click(selector: string): Promise<void>;
}

/**
 * Clicks elements of the inspected page with raw CDP input events. Playwright's own page.click() injects its
 * utility script and 13 window listeners (DESIGN.md §1), which would show up in the comparison as leaks.
 *
 * One CDP session for the whole test, never detached: detaching a session disables its HeapProfiler agent, and
 * V8 then clears the heap object ids — baseline, target and final would no longer share ids (measured: every id
 * changed between target and final, so the comparison found nothing).
 */
export async function createPageClicker(page: Page): Promise<PageClicker> {
  const session: CDPSession = await page.context().newCDPSession(page);
  return {
    async click(selector) {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
        expression: `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
          return [r.x + r.width / 2, r.y + r.height / 2]; })()`,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(`no ${selector} to click: ${exceptionDetails.text}`);
      const [x, y] = result.value as [number, number];
      for (const type of ['mousePressed', 'mouseReleased'] as const) {
        await session.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
      }
    },
  };
}
