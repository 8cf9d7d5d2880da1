import type { CdpConnection } from '../cdp/connection.ts';
import type { CdpDomNode } from './quick-dom.ts';
import { countElements, describeDomNode, describeTree, walkDomTree } from './quick-dom.ts';
import { groupListeners, listListeners, readScriptUrls } from './quick-listeners.ts';
import type { QuickCheckpoint, QuickCounters, QuickDetachedTree, QuickListener } from './quick-model.ts';
import { errorMessage } from '../shared/error-message.ts';

export interface QuickCheckpointOptions {
  label: string;
  /** Name listener scripts through Debugger.enable/disable (default true). */
  resolveScriptUrls?: boolean;
}

interface RemoteObject {
  objectId?: string;
}

/**
 * A quick checkpoint over any CdpConnection, HeapProfiler not needed: force a GC the untrusted way, then read
 * counters, detached DOM trees and listener inventories of window, document (whole tree) and every detached tree.
 * Every remote object lives in one object group, released at the end even on failure.
 */
export async function takeQuickCheckpoint(
  conn: CdpConnection,
  options: QuickCheckpointOptions,
): Promise<QuickCheckpoint> {
  const objectGroup = `leaks-quick-${crypto.randomUUID()}`;
  const timings: Record<string, number> = {};
  const notes: string[] = [];
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = Math.round(performance.now() - started);
    }
  };
  try {
    await timed('gc', () => forceGarbageCollection(conn, objectGroup));
    const counters = await timed('metrics', () => readCounters(conn));
    const scriptUrls =
      options.resolveScriptUrls === false
        ? new Map<string, string>()
        : await timed('scripts', () => readScriptUrls(conn));
    const { trees, listeners: detachedListeners } = await timed('detached', () =>
      readDetachedTrees(conn, objectGroup, scriptUrls).catch((error: unknown) => {
        // Older Chromium lacks DOM.getDetachedDomNodes: the counters and listener inventory still stand.
        notes.push(`Detached DOM trees unavailable: ${errorMessage(error)}`);
        return { trees: [], listeners: [] };
      }),
    );
    const attachedListeners = await timed('listeners', () =>
      readAttachedListeners(conn, objectGroup, scriptUrls),
    );
    return {
      label: options.label,
      takenAt: Date.now(),
      counters,
      detachedTrees: trees,
      listeners: groupListeners([...attachedListeners, ...detachedListeners]),
      timings,
      notes,
    };
  } finally {
    await conn.send('Runtime.releaseObjectGroup', { objectGroup }).catch(() => undefined);
  }
}

/**
 * Only the listener inventories of a quick checkpoint (window, the document tree, detached trees), without the GC
 * and the counters: heap snapshots do not record a listener's event type, so a full capture asks the page for it
 * and the report says `'resize' listener on Window` (matched by handler location).
 */
export async function takeListenerInventory(conn: CdpConnection): Promise<QuickListener[]> {
  const objectGroup = `leaks-listeners-${crypto.randomUUID()}`;
  const noUrls = new Map<string, string>();
  try {
    const { listeners: detached } = await readDetachedTrees(conn, objectGroup, noUrls).catch(() => ({
      listeners: [] as QuickListener[],
    }));
    const attached = await readAttachedListeners(conn, objectGroup, noUrls);
    return [...attached, ...detached];
  } finally {
    await conn.send('Runtime.releaseObjectGroup', { objectGroup }).catch(() => undefined);
  }
}

/**
 * `Runtime.queryObjects` runs a full GC before it walks the heap (DESIGN.md §1): the one GC an untrusted client
 * can trigger. The array it returns holds every live node, so release it at once — before counting. Two rounds,
 * as memlab does several: measured here, one round sometimes left a few dead nodes counted (10017 vs 10013).
 */
async function forceGarbageCollection(conn: CdpConnection, objectGroup: string, rounds = 2): Promise<void> {
  const gcGroup = `${objectGroup}-gc`;
  for (let round = 0; round < rounds; round++) {
    try {
      const { result } = await conn.send<{ result: RemoteObject }>('Runtime.evaluate', {
        expression: 'Node.prototype',
        objectGroup: gcGroup,
      });
      await conn.send('Runtime.queryObjects', { prototypeObjectId: result.objectId, objectGroup: gcGroup });
    } finally {
      await conn.send('Runtime.releaseObjectGroup', { objectGroup: gcGroup });
    }
  }
}

async function readCounters(conn: CdpConnection): Promise<QuickCounters> {
  await conn.send('Performance.enable');
  try {
    const { metrics } = await conn.send<{ metrics: { name: string; value: number }[] }>(
      'Performance.getMetrics',
    );
    const value = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
    return {
      jsEventListeners: value('JSEventListeners'),
      nodes: value('Nodes'),
      documents: value('Documents'),
      jsHeapUsedSize: value('JSHeapUsedSize'),
      jsHeapTotalSize: value('JSHeapTotalSize'),
    };
  } finally {
    await conn.send('Performance.disable');
  }
}

async function readDetachedTrees(
  conn: CdpConnection,
  objectGroup: string,
  scriptUrls: Map<string, string>,
): Promise<{ trees: QuickDetachedTree[]; listeners: QuickListener[] }> {
  const { detachedNodes } = await conn.send<{
    detachedNodes: { treeNode: CdpDomNode; retainedNodeIds: number[] }[];
  }>('DOM.getDetachedDomNodes');
  const trees: QuickDetachedTree[] = [];
  const listeners: QuickListener[] = [];
  for (const { treeNode, retainedNodeIds } of detachedNodes) {
    const names = describeTree(treeNode, 'detached ');
    trees.push({
      rootBackendNodeId: treeNode.backendNodeId,
      root: describeDomNode(treeNode),
      elementCount: countElements(treeNode),
      retainedBy: [...new Set(retainedNodeIds.map((id) => describeRetainedNode(treeNode, id)))],
    });
    const { object } = await conn.send<{ object: RemoteObject }>('DOM.resolveNode', {
      backendNodeId: treeNode.backendNodeId,
      objectGroup,
    });
    if (!object.objectId) continue;
    const ownName = names.get(treeNode.backendNodeId) ?? '';
    const request = { objectId: object.objectId, nodeNames: names, ownName, subtree: true };
    listeners.push(...(await listListeners(conn, request, scriptUrls)));
  }
  return { trees, listeners };
}

async function readAttachedListeners(
  conn: CdpConnection,
  objectGroup: string,
  scriptUrls: Map<string, string>,
): Promise<QuickListener[]> {
  const { root } = await conn.send<{ root: CdpDomNode }>('DOM.getDocument', { depth: -1, pierce: true });
  const names = describeTree(root);
  const evaluate = async (expression: string): Promise<string> => {
    const { result } = await conn.send<{ result: RemoteObject }>('Runtime.evaluate', {
      expression,
      objectGroup,
    });
    if (!result.objectId) throw new Error(`Runtime.evaluate(${expression}) returned no object`);
    return result.objectId;
  };
  const onWindow = await listListeners(
    conn,
    { objectId: await evaluate('window'), nodeNames: names, ownName: 'Window', subtree: false },
    scriptUrls,
  );
  const inDocument = await listListeners(
    conn,
    { objectId: await evaluate('document'), nodeNames: names, ownName: '#document', subtree: true },
    scriptUrls,
  );
  return [...onWindow, ...inDocument];
}

/**
 * Measured on Chromium 156: `retainedNodeIds` carry backendNodeIds although the protocol types them as NodeIds;
 * match either, backendNodeId first.
 */
function describeRetainedNode(tree: CdpDomNode, id: number): string {
  let byNodeId: CdpDomNode | undefined;
  for (const node of walkDomTree(tree)) {
    if (node.backendNodeId === id) return describeDomNode(node);
    if (node.nodeId === id) byNodeId ??= node;
  }
  return byNodeId ? describeDomNode(byNodeId) : `node ${id}`;
}
