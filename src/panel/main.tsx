// The panel's entry: creates the store, the worker client, the Chrome host and the controller, and renders.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { MessageEndpoint } from '../worker/protocol.ts';
import { sessionNameForTab } from '../worker/snapshot-store.ts';
import { WorkerClient } from '../worker/worker-client.ts';
import { App } from './components/App.tsx';
import { downloadBlob } from './download.ts';
import { PanelProvider } from './panel-context.tsx';
import { createChromePanelHost } from './panel-host.ts';
import { createPanelStore } from './state/panel-store.ts';
import { createSessionController } from './state/session-controller.ts';
import './panel.css';

const host = createChromePanelHost();
const store = createPanelStore(host.theme());
// Vite bundles the worker from this exact `new Worker(new URL(...))` form (DESIGN.md §7). The name keys the
// worker's saved session to the inspected tab, so two DevTools windows never share (or lock) one session.
const workerName = sessionNameForTab(host.inspectedTabId);
const createWorker = (): MessageEndpoint =>
  new Worker(new URL('../worker/analysis-worker.ts', import.meta.url), { type: 'module', name: workerName });
const worker = new WorkerClient(createWorker, {
  timeoutMs: 60_000,
  onDeath: (reason) => controller.workerDied(reason),
});
const controller = createSessionController({ store, worker, host, download: downloadBlob });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PanelProvider services={{ store, controller, host }}>
      <App />
    </PanelProvider>
  </StrictMode>,
);

host.onThemeChange((theme) => store.setState({ theme }));
void controller.detectSource();
void controller.restore();
addEventListener('pagehide', () => controller.dispose());
