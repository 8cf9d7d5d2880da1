import { WebSocket } from 'ws';
import type { ChromePipe } from './chrome-pipe.ts';
import { attachPipeSession, socketSession, type ChromeSession } from './chrome-session.ts';

/** What the relay (relay-server.ts) needs of a browser: who it is, and Chrome's side of a page session. */
export interface RelayBackend {
  version(): Promise<{ Browser: string; 'Protocol-Version': string }>;
  /** Rejects when Chrome has no such page (or refuses the session). */
  openPageSession(targetId: string): Promise<ChromeSession>;
}

/**
 * The pipe of a Chromium that `leaks browser` started with `--remote-debugging-pipe=cbor`: snapshot chunks
 * arrive unescaped (cdp-cbor.ts). Only pages are relayed, and not DevTools' own windows. The pipe may come later
 * than the relay, which is up before Chromium starts (the panel looks for it as soon as DevTools opens).
 */
export function pipeBackend(chromePipe: ChromePipe | Promise<ChromePipe>): RelayBackend {
  return {
    async version() {
      const pipe = await chromePipe;
      const version = await pipe.call<{ product: string; protocolVersion: string }>('Browser.getVersion');
      return { Browser: version.product, 'Protocol-Version': version.protocolVersion };
    },
    async openPageSession(targetId) {
      const pipe = await chromePipe;
      const { targetInfo } = await pipe.call<{ targetInfo: { type: string; url: string } }>(
        'Target.getTargetInfo',
        { targetId },
      );
      if (targetInfo.type !== 'page' || targetInfo.url.startsWith('devtools://')) {
        throw new Error(`target ${targetId} is not a page`);
      }
      return attachPipeSession(pipe, targetId);
    },
  };
}

/** Chromium's own remote-debugging port, for a Chrome someone started by hand (`leaks relay`). */
export function portBackend(chromePort: number): RelayBackend {
  return {
    async version() {
      const response = await fetch(`http://127.0.0.1:${chromePort}/json/version`);
      return (await response.json()) as { Browser: string; 'Protocol-Version': string };
    },
    openPageSession: (targetId) =>
      new Promise((resolve, reject) => {
        const chrome = new WebSocket(`ws://127.0.0.1:${chromePort}/devtools/page/${targetId}`, {
          perMessageDeflate: false,
          maxPayload: 0,
          // Chromium's messages are JSON we parse anyway; checking 1 MB frames for UTF-8 first is wasted work.
          skipUTF8Validation: true,
        });
        chrome.once('error', reject);
        chrome.once('open', () => {
          chrome.removeAllListeners('error');
          resolve(socketSession(chrome));
        });
      }),
  };
}
