/**
 * The analysis worker's side of the dominator worker: a DominatorHelper whose first half runs on another thread.
 * The graph's edge arrays are copied (the analysis keeps reading its own) and the copies transferred; with the
 * counts known early (reserve), the copies' storage is made and committed while the snapshot streams, as the
 * dominator worker does with its own. A worker starts with the first job and is retired once no job is open, so
 * each checkpoint's job gets a fresh one, started during Chrome's heap walk (reserveAhead, with storage for the
 * checkpoint before it) or at its header: on one long-lived worker the third job was the slowest in every run, its
 * report 1.6–1.8 s after the last byte against 0.6–1.1 s for the others, and 1.2–1.5 s with a worker per job
 * (measure-capture, 200 MB; what slows the old worker is not known). When a worker dies, every open job answers undefined (the analysis computes the tree itself).
 */
import { dominatorsAheadBytes, type DominatorTree, type EdgeGraph } from '../core/index.ts';
import type { FromDominatorWorker, ToDominatorWorker } from './dominator-protocol.ts';
import type { DominatorHelper, DominatorJob } from './dominator-helper.ts';
import type { MessageEndpoint } from './protocol.ts';

export interface DominatorClientOptions {
  /** How long a finish may take before the analysis computes the tree itself. */
  timeoutMs: number;
  /**
   * The most memory a job may add (dominatorsAheadBytes: about the snapshot's own size) before the analysis keeps
   * the tree to itself: both threads' arrays live at once, and one process holds them.
   */
  maxBytes: number;
}

/** Where the graph's copies go: firstEdge, edgeToNode, edgeType. */
interface CopyStorage {
  firstEdge: Uint32Array;
  edgeToNode: Uint32Array;
  edgeType: Uint8Array;
}

export function workerDominatorHelper(
  createEndpoint: () => MessageEndpoint,
  options: DominatorClientOptions,
): DominatorHelper {
  let endpoint: MessageEndpoint | undefined;
  let nextJob = 1;
  const waiting = new Map<number, (tree: DominatorTree | undefined) => void>();
  /** Jobs the current worker has been told of that have not ended. */
  const live = new Set<number>();
  const ended = (job: number): void => {
    live.delete(job);
    if (live.size > 0 || !endpoint) return;
    const retired = endpoint;
    endpoint = undefined;
    retired.terminate?.();
  };

  const connect = (): MessageEndpoint => {
    if (endpoint) return endpoint;
    const created = createEndpoint();
    created.addEventListener('message', (event: MessageEvent) => {
      const message = event.data as FromDominatorWorker;
      const answer = waiting.get(message.job);
      waiting.delete(message.job);
      answer?.(message.type === 'tree' ? message.tree : undefined);
    });
    const onDead = () => {
      if (endpoint !== created) return;
      endpoint = undefined;
      created.terminate?.();
      live.clear();
      for (const answer of waiting.values()) answer(undefined);
      waiting.clear();
    };
    created.addEventListener('error', onDead);
    created.addEventListener('messageerror', onDead);
    created.start?.();
    endpoint = created;
    return created;
  };
  /** False when the message could not go (no worker here, or it cannot start). */
  const send = (message: ToDominatorWorker, transfer: Transferable[] = []): boolean => {
    try {
      connect().postMessage(message, transfer);
      return true;
    } catch {
      return false;
    }
  };

  return {
    open(): DominatorJob {
      const job = nextJob++;
      let state: 'open' | 'started' | 'closed' = 'open';
      let storage: CopyStorage | undefined;
      let reserved = false;
      /** The counts the storage was made for, on both threads. */
      let reservedFor: { nodeCount: number; edgeCount: number } | undefined;
      const reserveFor = (nodeCount: number, edgeCount: number): void => {
        if (!send({ type: 'reserve', job, nodeCount, edgeCount })) return;
        reserved = true;
        reservedFor = { nodeCount, edgeCount };
        live.add(job);
        try {
          storage = committed(nodeCount, edgeCount);
        } catch {
          storage = undefined; // start copies with slice instead
        }
      };
      /** Ends the job without an answer, and frees whatever the dominator worker holds for it. */
      const drop = () => {
        const held = state === 'started' || reserved;
        state = 'closed';
        storage = undefined;
        if (held) send({ type: 'cancel', job });
        ended(job);
      };
      return {
        reserve(nodeCount, edgeCount) {
          if (state !== 'open') return;
          if (dominatorsAheadBytes(nodeCount, edgeCount) > options.maxBytes) return drop();
          // Made ahead for counts at least these: both threads' storage fits (best fit takes the bigger buffers).
          if (reservedFor && reservedFor.nodeCount >= nodeCount && reservedFor.edgeCount >= edgeCount) return;
          reserveFor(nodeCount, edgeCount);
        },
        reserveAhead(nodeCount, edgeCount) {
          if (state !== 'open' || reserved) return;
          if (dominatorsAheadBytes(nodeCount, edgeCount) > options.maxBytes) return;
          reserveFor(nodeCount, edgeCount);
        },
        start(graph) {
          if (state !== 'open') return;
          if (dominatorsAheadBytes(graph.nodeCount, graph.edgeCount) > options.maxBytes) return drop();
          let copy: EdgeGraph;
          try {
            copy = copyOf(graph, storage);
          } catch {
            return drop(); // no memory for the copies: the analysis computes the tree itself
          }
          storage = undefined;
          const transfer = [copy.firstEdge.buffer, copy.edgeToNode.buffer, copy.edgeType.buffer];
          if (send({ type: 'start', job, graph: copy }, transfer)) {
            state = 'started';
            live.add(job);
          } else drop();
        },
        finish(rules) {
          if (state !== 'started') {
            drop();
            return Promise.resolve(undefined);
          }
          state = 'closed';
          return new Promise<DominatorTree | undefined>((resolve) => {
            const settle = (tree: DominatorTree | undefined) => {
              waiting.delete(job);
              clearTimeout(timer);
              ended(job);
              resolve(tree);
            };
            const timer = setTimeout(() => settle(undefined), options.timeoutMs);
            waiting.set(job, settle);
            if (!send({ type: 'finish', job, rules })) settle(undefined);
          });
        },
        cancel: () => {
          if (state !== 'closed') drop();
        },
      };
    },
  };
}

/** The copies' storage for a graph of these counts, each page written once now (Scratch.reserve explains why). */
function committed(nodeCount: number, edgeCount: number): CopyStorage {
  return {
    firstEdge: new Uint32Array(nodeCount + 1).fill(1),
    edgeToNode: new Uint32Array(edgeCount).fill(1),
    edgeType: new Uint8Array(edgeCount).fill(1),
  };
}

/**
 * Exact-length copies (the parser's columns may be longer than their counts), into `storage` when it is large
 * enough (made ahead for a guess at the counts, it may be larger: the copies are then views of its start).
 */
function copyOf(graph: EdgeGraph, storage: CopyStorage | undefined): EdgeGraph {
  const { nodeCount, edgeCount } = graph;
  const fits =
    storage !== undefined &&
    storage.firstEdge.length >= nodeCount + 1 &&
    storage.edgeToNode.length >= edgeCount;
  const firstEdge = graph.firstEdge.subarray(0, nodeCount + 1);
  const edgeToNode = graph.edgeToNode.subarray(0, edgeCount);
  const edgeType = graph.edgeType.subarray(0, edgeCount);
  const copies = fits
    ? {
        firstEdge: storage.firstEdge.subarray(0, nodeCount + 1),
        edgeToNode: storage.edgeToNode.subarray(0, edgeCount),
        edgeType: storage.edgeType.subarray(0, edgeCount),
      }
    : { firstEdge: firstEdge.slice(), edgeToNode: edgeToNode.slice(), edgeType: edgeType.slice() };
  if (fits) {
    copies.firstEdge.set(firstEdge);
    copies.edgeToNode.set(edgeToNode);
    copies.edgeType.set(edgeType);
  }
  return {
    nodeCount,
    edgeCount,
    nodeTypeNames: graph.nodeTypeNames,
    edgeTypeNames: graph.edgeTypeNames,
    ...copies,
  };
}
