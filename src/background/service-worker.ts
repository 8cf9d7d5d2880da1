// The service worker only tidies up: the panel talks to chrome.debugger, the trusted WebSocket and its analysis
// worker directly. A closed tab's saved session (raw snapshots in OPFS, often tens of MB) is deleted here,
// because the tab's panel is gone by then.
import { removeTabSession } from '../worker/snapshot-store.ts';

chrome.tabs.onRemoved.addListener((tabId) => {
  void removeTabSession(tabId);
});
