import type { CDPSession, Page } from 'playwright-core';
import { EXTENSION_ID } from '../../src/shared/extension-id.ts';
import { TargetSession } from './target-session.ts';

const PANEL_URL_PREFIX = `chrome-extension://${EXTENSION_ID}/src/panel/panel.html`;
const LEAKS_TAB_ID = `tab-chrome-extension://${EXTENSION_ID}Leaks`;

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Finds an element across DevTools' shadow roots (its UI is web components all the way down). */
const DEEP_FIND = `(predicate) => {
  const roots = [document];
  while (roots.length) {
    for (const el of roots.pop().querySelectorAll('*')) {
      if (predicate(el)) return el;
      if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  return null;
}`;

const BOX_OF = `(el) => { if (!el) return null; const r = el.getBoundingClientRect();
  return { x: r.x + el.clientLeft, y: r.y + el.clientTop, width: r.width, height: r.height }; }`;

const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))';

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Drives the real DevTools window like a user (DESIGN.md §7): finds its target, clicks the Leaks tab header with
 * Input.dispatchMouseEvent, and clicks buttons inside the extension panel (an out-of-process iframe target) at the
 * iframe's offset plus the button's box. Each click is confirmed by its effect and retried, because one early
 * click was seen to get lost.
 */
export class LeaksPanel {
  private constructor(
    /** The DevTools window itself. */
    readonly devtools: TargetSession,
    /** The Leaks panel iframe. */
    readonly panel: TargetSession,
  ) {}

  static async open(browser: CDPSession, page: Page): Promise<LeaksPanel> {
    await page.bringToFront(); // a background tab's DevTools window renders nothing
    const devtoolsTarget = await waitUntil('the DevTools window', async () => {
      const { targetInfos } = await browser.send('Target.getTargets');
      return (targetInfos as TargetInfo[]).find(
        (t) => t.type === 'page' && t.url.startsWith('devtools://devtools/'),
      );
    });
    const devtools = await TargetSession.attach(browser, devtoolsTarget.targetId);
    const tabBox = await waitUntil('the Leaks tab header', () =>
      devtools.evaluate<Box | null>(
        `(${BOX_OF})((${DEEP_FIND})((el) => el.id === ${JSON.stringify(LEAKS_TAB_ID)}))`,
      ),
    );
    const panelTarget = await clickUntil(devtools, tabBox, 'the Leaks panel to load', async () => {
      const { targetInfos } = await browser.send('Target.getTargets');
      return (targetInfos as TargetInfo[]).find(
        (t) => t.type === 'iframe' && t.url.startsWith(PANEL_URL_PREFIX),
      );
    });
    const panel = await TargetSession.attach(browser, panelTarget.targetId);
    await waitUntil('the panel to render', () =>
      panel.evaluate<boolean>(`!!document.querySelector('.toolbar')`),
    );
    return new LeaksPanel(devtools, panel);
  }

  /**
   * Clicks the panel's enabled button whose accessible name is `name` (a string: exactly; a RegExp: matching its
   * text); `confirm` says the click arrived.
   */
  async click(name: string | RegExp, confirm: () => Promise<unknown>): Promise<void> {
    const matches =
      typeof name === 'string'
        ? `(b.getAttribute('aria-label') ?? b.textContent.trim()) === ${JSON.stringify(name)}`
        : `new RegExp(${JSON.stringify(name.source)}, ${JSON.stringify(name.flags)}).test(b.textContent)`;
    const frame = await this.devtools.evaluate<Box | null>(
      `(${BOX_OF})((${DEEP_FIND})((el) => el.tagName === 'IFRAME' && el.src.startsWith(${JSON.stringify(PANEL_URL_PREFIX)})))`,
    );
    if (!frame) throw new Error('the panel iframe is not in the DevTools window');
    const button = await waitUntil(`an enabled button "${String(name)}"`, () =>
      this.panel.evaluate<Box | null>(`(() => {
        const button = [...document.querySelectorAll('button')].find((b) => ${matches} && !b.disabled);
        if (!button) return null;
        button.scrollIntoView({ block: 'nearest' });
        return (${BOX_OF})(button);
      })()`),
    );
    const box = { ...button, x: frame.x + button.x, y: frame.y + button.y };
    await clickUntil(this.devtools, box, `the click on "${String(name)}" to take effect`, confirm);
  }

  /** Waits until `expression`, evaluated in the panel, is truthy; returns its value. */
  waitFor<T>(what: string, expression: string, timeoutMs = 30_000): Promise<T> {
    return waitUntil(what, () => this.panel.evaluate<T>(expression), timeoutMs) as Promise<T>;
  }

  /** Whether DevTools shows the panel whose tab header has this id (e.g. `tab-sources`). */
  devtoolsTabSelected(tabId: string): Promise<boolean> {
    return this.devtools.evaluate<boolean>(
      `(${DEEP_FIND})((el) => el.id === ${JSON.stringify(tabId)})?.getAttribute('aria-selected') === 'true'`,
    );
  }

  text(): Promise<string> {
    return this.panel.evaluate<string>('document.body.innerText');
  }

  /** The state of a Record button: pending | busy | done (data-state). */
  recordState(role: string): Promise<string | null> {
    return this.panel.evaluate<string | null>(
      `[...document.querySelectorAll('button.record')].find((b) => b.textContent.trim() === 'Record ${role}')?.dataset.state ?? null`,
    );
  }
}

async function clickUntil<T>(
  session: TargetSession,
  box: Box,
  what: string,
  confirm: () => Promise<T | undefined | null | false>,
): Promise<T> {
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  for (let attempt = 1; ; attempt++) {
    await session.evaluate(TWO_FRAMES);
    await session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await session.send('Input.dispatchMouseEvent', {
      type: 'mousePressed',
      x,
      y,
      button: 'left',
      clickCount: 1,
    });
    await session.send('Input.dispatchMouseEvent', {
      type: 'mouseReleased',
      x,
      y,
      button: 'left',
      clickCount: 1,
    });
    try {
      return await waitUntil(what, confirm, attempt < 3 ? 3000 : 15_000);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
