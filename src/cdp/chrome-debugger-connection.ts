import type { CdpConnection } from './connection.ts';
import { createEventRegistry } from './event-registry.ts';
import { errorMessage } from '../shared/error-message.ts';

/**
 * A CdpConnection over `chrome.debugger`: the extension's own, **untrusted** CDP client (DESIGN.md §1). It has
 * Runtime, DOM, DOMDebugger and Performance but no HeapProfiler or Memory, so it feeds quick mode only.
 *
 * Call it only from a user-gesture path (the panel's click handler): attaching shows Chrome's "started debugging
 * this browser" infobar, and users must see that as the consequence of their own click, not of opening a panel.
 */
export async function attachChromeDebugger(tabId: number): Promise<CdpConnection> {
  const target: chrome.debugger.Debuggee = { tabId };
  await chrome.debugger.attach(target, '1.3');

  const events = createEventRegistry();
  const closeHandlers = new Set<(reason: string) => void>();
  let closed = false;

  const onEvent = (source: chrome.debugger.Debuggee, method: string, params?: object): void => {
    if (source.tabId !== tabId) return;
    events.emit(method, params);
  };
  const finish = (reason: string): void => {
    if (closed) return;
    closed = true;
    chrome.debugger.onEvent.removeListener(onEvent);
    chrome.debugger.onDetach.removeListener(onDetach);
    for (const handler of closeHandlers) handler(reason);
    closeHandlers.clear();
  };
  // Reasons Chrome gives: 'target_closed' (tab closed or navigated to a chrome:// page), 'canceled_by_user'
  // (the user clicked Cancel on the infobar); 'detached' is ours, see send().
  const onDetach = (source: chrome.debugger.Debuggee, reason: string): void => {
    if (source.tabId === tabId) finish(reason);
  };
  chrome.debugger.onEvent.addListener(onEvent);
  chrome.debugger.onDetach.addListener(onDetach);

  return {
    kind: 'chrome-debugger',
    async send<T>(method: string, params?: Record<string, unknown>): Promise<T> {
      if (closed) throw new Error(`${method}: the debugger is detached`);
      try {
        return (await chrome.debugger.sendCommand(target, method, params)) as T;
      } catch (error) {
        // Detached from another context of this extension (chrome.debugger.detach elsewhere): Chrome fires no
        // onDetach then (measured), so the first failing command is the only sign.
        if (/not attached/i.test(String(error))) finish('detached');
        throw new Error(cdpMessage(method, error), { cause: error });
      }
    },
    on: events.on,
    onClose(handler) {
      if (closed) {
        queueMicrotask(() => handler('closed'));
        return () => {};
      }
      closeHandlers.add(handler);
      return () => closeHandlers.delete(handler);
    },
    async close() {
      if (closed) return;
      try {
        await chrome.debugger.detach(target);
      } finally {
        // chrome.debugger.onDetach is documented for detaches Chrome initiates, not ours: report it ourselves.
        finish('closed');
      }
    },
  };
}

/**
 * chrome.debugger rejects with an Error whose message is the CDP error as JSON text
 * (`{"code":-32601,"message":"'HeapProfiler.enable' wasn't found"}`); keep only the CDP message.
 */
function cdpMessage(method: string, error: unknown): string {
  const raw = errorMessage(error);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: Chrome's own message (e.g. "Debugger is not attached to the tab with id: 3.").
  }
  return raw || `${method} failed`;
}
