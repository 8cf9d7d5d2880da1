/// <reference lib="webworker" />
// The analysis worker's entry: wires the engine and the OPFS snapshot store to the RPC server. Nothing else.
import { analysisEngine } from './analysis-engine.ts';
import { createAnalysisService } from './analysis-service.ts';
import { PROTOCOL_VERSION, type MessageEndpoint, type ProgressMessage } from './protocol.ts';
import { deferHandlers, serveWorkerApi } from './rpc-server.ts';
import { openOpfsSnapshotStore } from './snapshot-store.ts';

// Without OPFS the worker still analyzes; it just cannot restore a session after a reload.
const service = openOpfsSnapshotStore(self.name)
  .catch(() => undefined)
  .then((store) =>
    createAnalysisService(analysisEngine, store, (role, bytes) => {
      const progress: ProgressMessage = { protocolVersion: PROTOCOL_VERSION, type: 'progress', role, bytes };
      self.postMessage(progress);
    }),
  );
serveWorkerApi(self as unknown as MessageEndpoint, deferHandlers(service));
