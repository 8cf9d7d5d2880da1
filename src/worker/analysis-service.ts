/**
 * What the analysis worker holds: one parser or parsed snapshot per checkpoint role, the last report, and
 * (optionally) a store that keeps the raw snapshot bytes so a reloaded panel can restore its session.
 * Chunks are parsed as they arrive; only the newest checkpoint needs the full graph and the analysis.
 */
import type * as Engine from '../core/index.ts';
import type { LeakReport, SnapshotRole } from '../core/report/model.ts';
import type { HeapSnapshot } from '../core/snapshot.ts';
import type { CheckpointInfo } from './protocol.ts';
import type { WorkerHandlers } from './rpc-server.ts';
import type { SnapshotStore, SnapshotWriter } from './snapshot-store.ts';
import { errorMessage } from '../shared/error-message.ts';
import type { DominatorHelper, DominatorJob } from './dominator-helper.ts';
import { createSaveQueue, holdBytes } from './save-queue.ts';
import { readBody, streamBuffers } from './stream-buffers.ts';

export type AnalysisEngine = Pick<
  typeof Engine,
  | 'createSnapshotParser'
  | 'analyzeSnapshot'
  | 'compareSnapshots'
  | 'renderReport'
  | 'digestSnapshot'
  | 'ordinalsSortedById'
  | 'beginAnalysis'
  | 'completeAnalysis'
  | 'namedRules'
  | 'findLeakCandidates'
  | 'beginLeakCandidates'
  | 'finishLeakCandidates'
  | 'computeDistancesAhead'
  | 'reserveAnalysisAhead'
  | 'reserveColumnsAhead'
>;
type HeapAnalysis = ReturnType<AnalysisEngine['analyzeSnapshot']>;
type SnapshotParser = ReturnType<AnalysisEngine['createSnapshotParser']>;

interface Receiving {
  label: string;
  parser: SnapshotParser;
  writer: SnapshotWriter | undefined;
  /** The bytes for `writer`, written after the results (save-queue.ts). */
  held: ReturnType<typeof holdBytes> | undefined;
  /** The first parse error; reported by endSnapshot so appendChunk can stay fire-and-forget. */
  error: unknown;
  /** While the bytes come from a snapshot stream: its reading, and how to stop it. */
  stream?: { done: Promise<void>; abort(): void };
  /** The stream's work ahead, until Chrome's heap walk (heapWalking) or the first byte runs it. */
  ahead?: () => void;
  /** The checkpoint's parse and analysis, once begun: at the stream's closing "}" (see stream) or by endSnapshot. */
  finished?: Promise<CheckpointInfo>;
  /**
   * Work done while the rest of the snapshot streams: the id order and the comparison's id merge as soon as the
   * nodes are in (ParseOptions.onNodes), the dominators and the distances as soon as the edges are
   * (ParseOptions.onGraph).
   */
  early: {
    ordinalsById?: Uint32Array;
    candidates?: Against<Engine.BegunCandidates>;
    dominators?: DominatorJob;
    distances?: Engine.DistancesAhead;
    /** This thread's storage for the distance search and the analysis, made during Chrome's heap walk. */
    storage?: Engine.Scratch;
    /** Storage for the parser's node and edge columns, made during Chrome's heap walk. */
    columns?: Engine.Scratch;
  };
}

/** A result of comparing with these baseline and target checkpoints: it holds while they are the ones compared. */
interface Against<T> {
  value: T;
  baseline: Checkpoint;
  target: Checkpoint | undefined;
}

interface Checkpoint {
  info: CheckpointInfo;
  /**
   * The parsed snapshot while this is the newest checkpoint; once a later one exists, only its digest (ids, and
   * the baseline's classes) — all a comparison needs of it, a fraction of the memory.
   */
  snapshot: HeapSnapshot | Engine.IdsDigest;
  /** Kept for the newest checkpoint only: it is the one compared against the baseline. */
  analysis: HeapAnalysis | undefined;
  /** Its ordinals by heap id, for the comparison (compareSnapshots' finalOrdinalsById); newest checkpoint only. */
  ordinalsById: Uint32Array | undefined;
  /** Its dominators, computed elsewhere since its edges were in, until its analysis takes them. */
  dominators: DominatorJob | undefined;
  /** Its distance search, done since its edges were in, until its analysis takes it. */
  distances: Engine.DistancesAhead | undefined;
  /** Storage made ahead for its analysis (reserveAnalysisAhead), until the analysis takes it. */
  storage: Engine.Scratch | undefined;
  /** The comparison's first half, begun while it streamed (newest checkpoint only). */
  begunCandidates?: Against<Engine.BegunCandidates>;
  /** The comparison's first half against these baseline and target checkpoints, found during the analysis. */
  candidates?: Against<Engine.LeakCandidates>;
}

const ROLES: readonly SnapshotRole[] = ['baseline', 'target', 'final'];

/** An error the panel maps to a message by its code. */
export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';
  constructor(
    readonly code: 'no-capture' | 'need-two-checkpoints' | 'no-report' | 'no-saved-snapshot',
    message: string,
  ) {
    super(message);
  }
}

function isDigest(snapshot: HeapSnapshot | Engine.IdsDigest): snapshot is Engine.IdsDigest {
  return (snapshot as Engine.IdsDigest).kind === 'ids-digest';
}

/** Above this many nodes (96 MB of search arrays) the distances wait for the analysis, in its own storage. */
const MAX_NODES_SEARCHED_AHEAD = 8_000_000;

/**
 * A later checkpoint of the same page is rarely much bigger than the one before it (what an action leaks is small
 * beside the heap): the dominator worker's storage is made ahead for this much more.
 */
const AHEAD_COUNT_MARGIN = 1.1;

/** How often a streamed snapshot reports its bytes (ProgressMessage). */
const STREAM_PROGRESS_INTERVAL_MS = 100;
/**
 * A checkpoint that is compared (not a baseline) has its saved copy written once the comparison the panel asks for
 * next is out, or this long after it ended if none is asked for; in slices this big, other messages in between.
 */
const SAVE_DELAY_MS = 1000;
const SAVE_SLICE_BYTES = 16 * 1024 * 1024;
/** Held for the saved copy until the results are out; beyond this, written as they arrive (holdBytes). */
const HOLD_LIMIT_BYTES = 256 * 1024 * 1024;

export function createAnalysisService(
  engine: AnalysisEngine,
  store: SnapshotStore | undefined,
  onStreamProgress: (role: SnapshotRole, bytes: number) => void = () => undefined,
  dominatorHelper?: DominatorHelper,
): WorkerHandlers {
  const receiving = new Map<SnapshotRole, Receiving>();
  const checkpoints = new Map<SnapshotRole, Checkpoint>();
  const encoder = new TextEncoder();
  let report: LeakReport | undefined;
  /** Set when a later checkpoint began as a stream and the older ones still wait for reduceAllBut. */
  let reductionOwed = false;
  const saves = createSaveQueue({ sliceBytes: SAVE_SLICE_BYTES });
  const saveIndex = (): Promise<void> =>
    store?.saveIndex([...checkpoints.values()].map((c) => c.info).filter((i) => i.persisted)) ??
    Promise.resolve();

  /**
   * The newest checkpoint's analysis (no class aggregates: the comparison reads classes by id). With a dominator
   * job, the phases that do not need the tree run here while the helper finishes it.
   */
  async function analyze(
    snapshot: HeapSnapshot,
    dominators: DominatorJob | undefined,
    distancesAhead: Engine.DistancesAhead | undefined,
    scratch: Engine.Scratch | undefined,
    meanwhile: () => void,
  ): Promise<HeapAnalysis> {
    const options = { classAggregates: false, distancesAhead, scratch };
    if (!dominators) {
      const analysis = engine.analyzeSnapshot(snapshot, options);
      meanwhile();
      return analysis;
    }
    const tree = dominators.finish(engine.namedRules(snapshot));
    const begun = engine.beginAnalysis(snapshot, options);
    meanwhile();
    return engine.completeAnalysis(begun, await tree, options);
  }

  /** The digests a comparison of `last` reads: the baseline's, and the target's when `last` is the final. */
  function comparedWith(
    last: SnapshotRole,
  ): { baseline: Checkpoint; target: Checkpoint | undefined } | undefined {
    const baseline = checkpoints.get('baseline');
    const target = last === 'final' ? checkpoints.get('target') : undefined;
    if (!baseline || !isDigest(baseline.snapshot)) return undefined;
    if (target && !isDigest(target.snapshot)) return undefined;
    return { baseline, target };
  }

  /** The newest checkpoint's leak candidates against the digests the comparison will read, when there are some. */
  function findCandidates(last: SnapshotRole, checkpoint: Checkpoint): Checkpoint['candidates'] {
    const against = comparedWith(last);
    if (!against || isDigest(checkpoint.snapshot)) return undefined;
    const baselineDigest = against.baseline.snapshot as Engine.IdsDigest;
    const begun = checkpoint.begunCandidates;
    checkpoint.begunCandidates = undefined;
    const value =
      begun && begun.baseline === against.baseline && begun.target === against.target
        ? engine.finishLeakCandidates(begun.value, baselineDigest, checkpoint.snapshot)
        : engine.findLeakCandidates(
            baselineDigest,
            against.target?.snapshot as Engine.IdsDigest | undefined,
            checkpoint.snapshot,
            checkpoint.ordinalsById,
          );
    return { value, ...against };
  }

  /**
   * The id merge of the comparison a later checkpoint will be in, begun from its node columns while its edges and
   * strings stream. Optional work: when it cannot be begun, or fails, the analysis does it all later.
   */
  function beginCandidates(
    role: SnapshotRole,
    nodes: Engine.NodeColumns,
    ordinalsById: Uint32Array,
  ): Receiving['early']['candidates'] {
    const against = comparedWith(role);
    if (!against) return undefined;
    try {
      const value = engine.beginLeakCandidates(
        against.baseline.snapshot as Engine.IdsDigest,
        against.target?.snapshot as Engine.IdsDigest | undefined,
        nodes,
        ordinalsById,
      );
      return { value, ...against };
    } catch {
      return undefined;
    }
  }

  const newest = (): SnapshotRole | undefined => ROLES.filter((role) => checkpoints.has(role)).at(-1);

  /**
   * Reduces every checkpoint but `newestRole` to its digest and drops their analyses. Run when a later checkpoint
   * begins, not when it ends: Chrome spends seconds collecting garbage and walking the heap before the first
   * byte, the worker is idle then, and the user waits for the end. A streamed capture runs it once Chrome walks
   * the heap (reductionOwed, heapWalking): the walk keeps only one core busy, where the garbage collections
   * before it use both (a 0.25 s digest of a 200 MB baseline slowed them by as much).
   */
  /** The reduction a streamed capture put off (reductionOwed), once. */
  function reduceIfOwed(): void {
    if (!reductionOwed) return;
    reductionOwed = false;
    reduceAllBut(undefined);
  }

  function reduceAllBut(newestRole: SnapshotRole | undefined): void {
    for (const [other, checkpoint] of checkpoints) {
      if (other === newestRole) continue;
      checkpoint.analysis = undefined;
      checkpoint.ordinalsById = undefined;
      checkpoint.dominators?.cancel();
      checkpoint.dominators = undefined;
      checkpoint.distances = undefined;
      checkpoint.storage = undefined;
      checkpoint.candidates = undefined;
      checkpoint.begunCandidates = undefined;
      if (!isDigest(checkpoint.snapshot)) {
        checkpoint.snapshot = engine.digestSnapshot(checkpoint.snapshot, { classes: other === 'baseline' });
      }
    }
  }

  async function begin(
    role: SnapshotRole,
    label: string,
    persist: boolean,
    sizing: { expectedBytes?: number; capture?: boolean; streamed?: boolean } = {},
  ) {
    await drop([role]);
    const last = newest();
    if (last === undefined || ROLES.indexOf(role) > ROLES.indexOf(last)) {
      if (sizing.streamed === true) reductionOwed = true;
      else reduceAllBut(undefined);
    }
    // A baseline is only ever looked up by id; later checkpoints may become the newest, which is analyzed and
    // compared: the id order the comparison needs is sorted while the edges and strings still arrive (measured:
    // 85 ms of a 234 MB target's comparison in Node, after the last byte), and its dominators start on the helper
    // as soon as its edges are in (dominator-helper.ts), with storage made from the header's counts when they can
    // be trusted.
    const early: Receiving['early'] = {
      dominators: role === 'baseline' ? undefined : dominatorHelper?.open(),
    };
    const trustedCounts = sizing.capture === true || sizing.expectedBytes !== undefined;
    const parser = engine.createSnapshotParser({
      mode: role === 'baseline' ? 'ids' : 'full',
      expectedBytes: sizing.expectedBytes,
      declaredCountsTrusted: sizing.capture === true,
      columnStorage: () => {
        const made = early.columns;
        early.columns = undefined;
        return made;
      },
      onNodes:
        role === 'baseline'
          ? undefined
          : (nodes) => {
              early.ordinalsById = engine.ordinalsSortedById(nodes.nodeId, nodes.nodeCount);
              early.candidates = beginCandidates(role, nodes, early.ordinalsById);
            },
      onHeader: ({ nodeCount, edgeCount }) => {
        if (trustedCounts) early.dominators?.reserve(nodeCount, edgeCount);
      },
      // The helper's copy goes first; then this thread's search, while the locations and strings stream (the
      // bytes wait in the stream meanwhile: 290 ms of a 200 MB target after its last byte before). Its three words
      // a node come beside the analysis' own storage, so a very large snapshot leaves the search to the analysis,
      // as one whose search fails does.
      onGraph: (graph) => {
        early.dominators?.start(graph);
        if (graph.nodeCount > MAX_NODES_SEARCHED_AHEAD) return;
        try {
          early.distances = engine.computeDistancesAhead(graph, early.storage);
        } catch {
          early.distances = undefined;
        }
      },
    });
    const writer = persist && store ? await store.create(role) : undefined;
    const held = writer ? holdBytes(writer, HOLD_LIMIT_BYTES) : undefined;
    receiving.set(role, { label, parser, writer, held, error: undefined, early });
  }

  function receivingOf(role: SnapshotRole): Receiving {
    const current = receiving.get(role);
    if (!current) throw new AnalysisError('no-capture', `no ${role} snapshot is being received`);
    return current;
  }

  function append(current: Receiving, chunk: string | ArrayBuffer | Uint8Array): number {
    // After the analysis began, only whitespace can follow the closing "}": the parser and the saved copy are done.
    if (current.error !== undefined || current.finished) return current.parser.bytesRead;
    // CDP's chunks are strings: encode once, for the parser and the saved file alike.
    const bytes =
      typeof chunk === 'string'
        ? encoder.encode(chunk)
        : chunk instanceof Uint8Array
          ? chunk
          : new Uint8Array(chunk);
    if (parse(current, bytes)) current.held?.push(bytes);
    return current.parser.bytesRead;
  }

  /** Whether the parser took the bytes (a parse error is kept for endSnapshot). */
  function parse(current: Receiving, bytes: Uint8Array): boolean {
    try {
      current.parser.write(bytes);
      return true;
    } catch (error) {
      current.error = error;
      return false;
    }
  }

  /**
   * Bytes straight from the network into the parser: no string, no copy, and no message through the panel's
   * main thread (src/cli/relay-session.ts has the measurements).
   */
  async function stream(role: SnapshotRole, url: string): Promise<void> {
    const current = receivingOf(role);
    if (current.stream) throw new Error(`the ${role} snapshot already has a stream`);
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal, cache: 'no-store' });
    if (receiving.get(role) !== current) {
      // Discarded while the stream opened (a Cancel): let the relay's slot go for the next capture.
      controller.abort(new Error('capture discarded'));
      throw new AnalysisError('no-capture', `the ${role} snapshot was discarded`);
    }
    if (!response.ok || !response.body) {
      throw new Error(`the snapshot stream answered HTTP ${response.status}: ${await response.text()}`);
    }
    const body = response.body;
    const before = [...checkpoints.values()].map((c) => c.info);
    const buffers = streamBuffers();
    // The work ahead waits for Chrome's heap walk (heapWalking), not for this call: takeHeapSnapshot first collects
    // all available garbage, parallel collections that use both cores for ~0.3 s of a 200 MB page and which this
    // work slowed; the walk after them keeps one core busy for seconds. One step at a time, so it takes one core.
    current.ahead = () => {
      current.ahead = undefined;
      reduceIfOwed();
      // The parser's columns first, for the counts of the biggest checkpoint before with a margin: it takes them
      // all at the header, in the first chunk (a baseline reads no edges, and the first capture has none before).
      const largest = (count: (info: CheckpointInfo) => number) =>
        Math.ceil(AHEAD_COUNT_MARGIN * Math.max(...before.map(count)));
      if (role !== 'baseline' && before.length > 0) {
        try {
          current.early.columns = engine.reserveColumnsAhead(
            largest((info) => info.nodeCount),
            largest((info) => info.edgeCount),
          );
        } catch {
          current.early.columns = undefined; // optional: the columns are made at the header
        }
      }
      // As big as the biggest checkpoint before it, which a later one of the same page rarely undercuts (leaks
      // grow); the first capture has none to go by and reads into new buffers.
      buffers.prepare(Math.max(0, ...before.map((info) => info.bytes)), () => {
        const job = current.early.dominators;
        if (before.length === 0 || !job || receiving.get(role) !== current) return;
        // The dominator worker's storage too, for the biggest checkpoint before this one with a margin; the
        // header's counts keep it when they fit.
        const nodeCount = largest((info) => info.nodeCount);
        job.reserveAhead(
          nodeCount,
          largest((info) => info.edgeCount),
        );
        // Then this thread's own arrays for the distance search and the analysis, up to the size the search ahead
        // is done for; optional work, as the rest is.
        if (nodeCount > MAX_NODES_SEARCHED_AHEAD) return;
        try {
          current.early.storage = engine.reserveAnalysisAhead(nodeCount);
        } catch {
          current.early.storage = undefined;
        }
      });
    };
    const done = (async () => {
      let reportedAt = 0;
      try {
        await readBody(
          body,
          buffers,
          (bytes) => {
            if (current.ahead) {
              // No walk was announced: only the older checkpoints' digests are still worth making now.
              current.ahead = undefined;
              reduceIfOwed();
            }
            // No more after the closing "}" (or an error): readBody then keeps what it has at once.
            const wanted = parse(current, bytes) && !current.parser.complete;
            if (performance.now() - reportedAt >= STREAM_PROGRESS_INTERVAL_MS) {
              reportedAt = performance.now();
              onStreamProgress(role, current.parser.bytesRead);
            }
            return wanted;
          },
          (bytes) => {
            current.held?.push(bytes);
            // The closing "}" is in, and every byte is kept for the save the analysis queues: begin now, not when
            // the body ends (the relay ends it at Chrome's takeHeapSnapshot answer) or when the panel's
            // endSnapshot comes (after that answer reaches the panel's main thread, and a message back): in 200 MB
            // targets' profiles the worker sat idle 150–200 ms after its last parse. endSnapshot answers with this
            // analysis; a body that ends before its "}" gets its error from endSnapshot.
            if (current.parser.complete) beginFinish(role, current);
          },
        );
        onStreamProgress(role, current.parser.bytesRead);
      } catch (error) {
        // A break after the closing "}" loses nothing: the analysis has every byte.
        if (current.finished) return;
        current.error ??= new Error(`the snapshot stream broke off: ${errorMessage(error)}`, {
          cause: error,
        });
      } finally {
        current.ahead = undefined;
        buffers.release();
      }
    })();
    current.stream = { done, abort: () => controller.abort(new Error('capture discarded')) };
  }

  async function end(role: SnapshotRole, persisted: boolean): Promise<CheckpointInfo> {
    const current = receivingOf(role);
    await current.stream?.done;
    if (receiving.get(role) === current) receiving.delete(role);
    return finish(role, current, persisted);
  }

  /** Starts the analysis of a stream whose document is complete, unless it broke or was discarded. */
  function beginFinish(role: SnapshotRole, current: Receiving): void {
    if (current.finished || current.error !== undefined || receiving.get(role) !== current) return;
    finish(role, current).catch(() => undefined);
  }

  /** Ends the receiving of `current` once, whoever asks first: the stream's end or endSnapshot. */
  function finish(role: SnapshotRole, current: Receiving, persisted = false): Promise<CheckpointInfo> {
    current.finished ??= parseAndAnalyze(role, current, persisted);
    return current.finished;
  }

  async function parseAndAnalyze(
    role: SnapshotRole,
    current: Receiving,
    persisted: boolean,
  ): Promise<CheckpointInfo> {
    if (current.error !== undefined) {
      current.early.dominators?.cancel();
      await current.writer?.abort();
      throw current.error;
    }
    let snapshot: HeapSnapshot;
    try {
      snapshot = current.parser.end();
    } catch (error) {
      current.early.dominators?.cancel();
      await current.writer?.abort();
      throw error;
    }
    const info: CheckpointInfo = {
      role,
      label: current.label,
      bytes: current.parser.bytesRead,
      nodeCount: snapshot.nodeCount,
      edgeCount: snapshot.edgeCount,
      persisted: persisted || current.writer !== undefined,
    };
    checkpoints.set(role, {
      info,
      snapshot,
      analysis: undefined,
      ordinalsById: current.early.ordinalsById,
      begunCandidates: current.early.candidates,
      dominators: current.early.dominators,
      distances: current.early.distances,
      storage: current.early.storage,
    });
    report = undefined;
    // The analysis first, as the user waits for it; the saved file is written after the results (save-queue.ts),
    // and only the index written after it names it.
    try {
      const last = newest();
      reductionOwed = false;
      reduceAllBut(last);
      const newestCheckpoint = last === undefined ? undefined : checkpoints.get(last);
      if (last && newestCheckpoint && last !== 'baseline' && !newestCheckpoint.analysis) {
        const newestSnapshot = newestCheckpoint.snapshot;
        if (isDigest(newestSnapshot)) throw new Error(`the ${last} checkpoint was reduced to a digest`);
        const { dominators, distances, storage } = newestCheckpoint;
        newestCheckpoint.dominators = undefined;
        newestCheckpoint.distances = undefined;
        newestCheckpoint.storage = undefined;
        const newestRole: SnapshotRole = last;
        newestCheckpoint.analysis = await analyze(newestSnapshot, dominators, distances, storage, () => {
          newestCheckpoint.candidates = findCandidates(newestRole, newestCheckpoint);
        });
      }
    } finally {
      if (current.writer && current.held) {
        const compared = newest() !== 'baseline';
        saves.add(
          current.writer,
          current.held.held,
          saveIndex,
          () => {
            info.persisted = false;
          },
          compared ? SAVE_DELAY_MS : 0,
        );
      }
    }
    if (!current.writer) await saveIndex();
    return info;
  }

  /**
   * Waits for an analysis the stream began and endSnapshot has not taken yet: what it makes (a checkpoint,
   * a saved copy in the queue) is then there for the caller to drop or to wait for like any other.
   */
  async function settled(role: SnapshotRole): Promise<void> {
    await receiving.get(role)?.finished?.catch(() => undefined);
  }

  /**
   * What begin, discard and clear first do: wait for what is still in flight for these roles (an analysis the
   * stream began, then the saves queued so far), and only then forget them.
   */
  async function drop(roles: readonly SnapshotRole[]): Promise<void> {
    for (const role of roles) await settled(role);
    await saves.drained();
    for (const role of roles) await forget(role);
  }

  /**
   * Drops a role from memory; its saved file stays (a restore reads it, a new capture overwrites it). Waits for a
   * stream's analysis again: a stream can end while the saves drain.
   */
  async function forget(role: SnapshotRole): Promise<void> {
    await settled(role);
    const current = receiving.get(role);
    receiving.delete(role);
    if (current && !current.finished) {
      current.stream?.abort();
      current.early.dominators?.cancel();
      await current.writer?.abort();
    }
    checkpoints.get(role)?.dominators?.cancel();
    if (checkpoints.delete(role)) report = undefined;
  }

  async function discard(role: SnapshotRole): Promise<void> {
    await drop([role]);
    await store?.remove(role);
    await saveIndex();
  }

  return {
    beginSnapshot: ({ role, label, persist, expectedBytes, capture, streamed }) =>
      begin(role, label, persist, { expectedBytes, capture, streamed }),
    appendChunk: ({ role, chunk }) => ({ bytesRead: append(receivingOf(role), chunk) }),
    streamSnapshot: ({ role, url }) => stream(role, url),
    heapWalking: async ({ role }) => {
      // After this call's answer: the panel does not wait for it, but other calls may. Looked up then: the first
      // byte, or the stream's end, may have come in between.
      setTimeout(() => receiving.get(role)?.ahead?.(), 0);
    },
    endSnapshot: ({ role }) => end(role, false),
    discardSnapshot: ({ role }) => discard(role),
    compare: async ({ listenerHints }) => {
      const baseline = checkpoints.get('baseline');
      const last = newest();
      const lastCheckpoint = last && last !== 'baseline' ? checkpoints.get(last) : undefined;
      if (!baseline || !lastCheckpoint?.analysis) {
        throw new AnalysisError(
          'need-two-checkpoints',
          'a comparison needs a baseline and a later checkpoint',
        );
      }
      const target = last === 'final' ? checkpoints.get('target') : undefined;
      const found = lastCheckpoint.candidates;
      const fresh = engine.compareSnapshots({
        baseline: baseline.snapshot,
        target: target?.snapshot,
        final: lastCheckpoint.analysis,
        labels: Object.fromEntries([...checkpoints].map(([role, c]) => [role, c.info.label])),
        listenerHints,
        finalOrdinalsById: lastCheckpoint.ordinalsById,
        candidates: found?.baseline === baseline && found.target === target ? found.value : undefined,
      });
      report = fresh;
      // After this answer has gone out: the results are what the saves waited for.
      setTimeout(saves.startNow, 0);
      return fresh;
    },
    render: async ({ format }) => {
      if (!report) throw new AnalysisError('no-report', 'there is no report to export yet');
      return engine.renderReport(report, format);
    },
    savedSnapshot: async ({ role }) => {
      await saves.drained();
      const file = checkpoints.get(role)?.info.persisted ? await store?.file(role) : undefined;
      if (!file) throw new AnalysisError('no-saved-snapshot', `the ${role} snapshot is not saved`);
      return file;
    },
    restore: async () => {
      if (!store) return [];
      const restored: CheckpointInfo[] = [];
      for (const saved of await store.loadIndex()) {
        const file = await store.file(saved.role);
        if (!file) continue;
        await begin(saved.role, saved.label, false, { expectedBytes: file.size });
        const reader = file.stream().getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read())
          append(receivingOf(saved.role), read.value);
        restored.push(await end(saved.role, true));
      }
      return restored;
    },
    clear: async () => {
      await drop(ROLES);
      await store?.clear();
    },
  };
}
