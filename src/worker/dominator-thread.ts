import { computeDominators } from '../core/graph/dominators.ts';
import type { DominatorGraph, DominatorSolver, DominatorTree } from '../core/index.ts';
import { errorMessage } from '../shared/error-message.ts';

/**
 * The analysis worker's second thread: the dominator step (over half of an analysis, after the last byte, while
 * the user waits) runs on it while the analysis worker computes the DOM state, distances and class index.
 * Measured in the panel on a 276 MB snapshot: see analysis-service.ts. The edges are copied over (structured
 * clone), the edge mask moved; the tree comes back moved. Every job settles: with its tree, or rejected when the
 * thread fails or dies, and the caller then computes the tree itself.
 */
export interface DominatorRequest {
  id: number;
  graph: DominatorGraph;
}

export type DominatorReply =
  { id: number; tree: DominatorTree; error?: undefined } | { id: number; error: string; tree?: undefined };

/** Only what a Worker does here, so tests can hand in a MessageChannel port. */
export interface DominatorEndpoint {
  postMessage(message: DominatorRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<DominatorReply>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate?(): void;
}

export interface DominatorThread {
  solve: DominatorSolver;
  dispose(): void;
}

export function createDominatorThread(spawn: () => DominatorEndpoint): DominatorThread {
  let endpoint: DominatorEndpoint | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve(tree: DominatorTree): void; reject(error: Error): void }>();

  const failAll = (reason: string): void => {
    endpoint?.terminate?.();
    endpoint = undefined; // the next job starts a new thread
    for (const job of pending.values()) job.reject(new Error(`the dominator thread failed: ${reason}`));
    pending.clear();
  };

  const open = (): DominatorEndpoint => {
    if (endpoint) return endpoint;
    const opened = spawn();
    opened.addEventListener('message', (event) => {
      const reply = event.data;
      const job = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.tree) job?.resolve(reply.tree);
      else job?.reject(new Error(reply.error));
    });
    opened.addEventListener('error', (event) => {
      if (endpoint === opened) failAll((event as ErrorEvent).message || 'it stopped');
    });
    return (endpoint = opened);
  };

  return {
    solve: (graph) =>
      new Promise<DominatorTree>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        try {
          // The mask is only needed there; the edges stay here as well, for the phases that run meanwhile.
          open().postMessage({ id, graph }, [graph.kept.buffer as ArrayBuffer]);
        } catch (error) {
          pending.delete(id);
          failAll(errorMessage(error));
          reject(error instanceof Error ? error : new Error(errorMessage(error)));
        }
      }),
    dispose: () => failAll('disposed'),
  };
}

/** The thread's side (dominator-worker.ts): one computeDominators per request, the tree moved back. */
export function serveDominatorRequests(endpoint: {
  addEventListener(type: 'message', listener: (event: MessageEvent<DominatorRequest>) => void): void;
  postMessage(message: DominatorReply, transfer?: Transferable[]): void;
}): void {
  endpoint.addEventListener('message', (event) => {
    const { id, graph } = event.data;
    try {
      const tree = computeDominators(graph);
      endpoint.postMessage({ id, tree }, [
        tree.dominator.buffer as ArrayBuffer,
        tree.preorder.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      endpoint.postMessage({ id, error: errorMessage(error) });
    }
  });
}
