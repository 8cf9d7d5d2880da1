/// <reference lib="webworker" />
// The analysis worker's entry: wires the engine, the OPFS snapshot store and the dominator worker to the RPC
// server. Nothing else.
import { analysisEngine } from './analysis-engine.ts';
import { createAnalysisService } from './analysis-service.ts';
import { workerDominatorHelper } from './dominator-client.ts';
import { PROTOCOL_VERSION, type MessageEndpoint, type ProgressMessage } from './protocol.ts';
import { deferHandlers, serveWorkerApi } from './rpc-server.ts';
import { openOpfsSnapshotStore } from './snapshot-store.ts';

/** Past this, the analysis computes a checkpoint's dominators itself (a 200 MB target's take about 1 s). */
const DOMINATOR_TIMEOUT_MS = 120_000;
/**
 * Above this a checkpoint's dominators stay on the analysis worker: the second thread's arrays and copies cost
 * about the snapshot's size again (200 MB for a 234 MB snapshot), so snapshots past about 1 GB keep their memory.
 */
const DOMINATOR_MAX_BYTES = 1 << 30;

// A second thread for the dominators (dominator-helper.ts). Vite bundles it from this exact form, as the panel's
// own worker (DESIGN.md §7).
const dominatorHelper = workerDominatorHelper(
  () =>
    new Worker(new URL('./dominator-worker.ts', import.meta.url), {
      type: 'module',
    }) as unknown as MessageEndpoint,
  { timeoutMs: DOMINATOR_TIMEOUT_MS, maxBytes: DOMINATOR_MAX_BYTES },
);

// Without OPFS the worker still analyzes; it just cannot restore a session after a reload.
const service = openOpfsSnapshotStore(self.name)
  .catch(() => undefined)
  .then((store) =>
    createAnalysisService(
      analysisEngine,
      store,
      (role, bytes) => {
        const progress: ProgressMessage = {
          protocolVersion: PROTOCOL_VERSION,
          type: 'progress',
          role,
          bytes,
        };
        self.postMessage(progress);
      },
      dominatorHelper,
    ),
  );
serveWorkerApi(self as unknown as MessageEndpoint, deferHandlers(service));
