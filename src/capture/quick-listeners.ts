import type { CdpConnection } from '../cdp/connection.ts';
import type { QuickListener, QuickListenerGroup } from './quick-model.ts';
import { listenerKey } from './quick-model.ts';

/** CDP's `DOMDebugger.EventListener`, the fields we read. */
interface CdpEventListener {
  type: string;
  useCapture: boolean;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
  handler?: { description?: string };
  /** Set when the listener sits on a node (depth > 0 inventories); absent for window. */
  backendNodeId?: number;
}

export interface ListenerInventoryRequest {
  /** Remote object of window, document or a node; it must belong to `objectGroup`, which the handlers join. */
  objectId: string;
  /** Names for the nodes of the subtree by backendNodeId; listeners with no backendNodeId get `ownName`. */
  nodeNames: Map<number, string>;
  ownName: string;
  /** Whole subtree (-1) for document and detached roots; window has no subtree. */
  subtree: boolean;
}

/**
 * One `DOMDebugger.getEventListeners` call covers a whole subtree (`depth: -1`, `pierce: true`) and tags each
 * listener with its node's backendNodeId — far cheaper than one call per element.
 */
export async function listListeners(
  conn: CdpConnection,
  request: ListenerInventoryRequest,
  scriptUrls: Map<string, string>,
): Promise<QuickListener[]> {
  const params: Record<string, unknown> = { objectId: request.objectId };
  if (request.subtree) Object.assign(params, { depth: -1, pierce: true });
  const { listeners } = await conn.send<{ listeners: CdpEventListener[] }>(
    'DOMDebugger.getEventListeners',
    params,
  );
  return listeners.map((listener) => ({
    target:
      listener.backendNodeId === undefined
        ? request.ownName
        : (request.nodeNames.get(listener.backendNodeId) ?? `node ${listener.backendNodeId}`),
    type: listener.type,
    handlerName: functionName(listener.handler?.description),
    location: {
      scriptId: Number(listener.scriptId),
      url: scriptUrls.get(listener.scriptId) ?? '',
      line: listener.lineNumber,
      column: listener.columnNumber,
    },
    useCapture: listener.useCapture,
  }));
}

export function groupListeners(listeners: QuickListener[]): QuickListenerGroup[] {
  const groups = new Map<string, QuickListenerGroup>();
  for (const listener of listeners) {
    const key = listenerKey(listener);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { ...listener, count: 1 });
  }
  return [...groups.values()];
}

/**
 * The handler's description is its source text; read the name from `function name(`, `async function name(` or a
 * method `name(`. Arrows and anonymous functions have none.
 */
export function functionName(source: string | undefined): string {
  if (!source) return '(anonymous)';
  const declared = /^(?:async\s+)?function\s*\*?\s*([\w$]+)\s*\(/.exec(source);
  if (declared?.[1]) return declared[1];
  const method = /^(?:async\s+)?(?:get\s+|set\s+)?([\w$]+)\s*\([^)]*\)\s*\{/.exec(source);
  if (method?.[1] && method[1] !== 'function') return method[1];
  return '(anonymous)';
}

/**
 * scriptId → URL. getEventListeners gives only scriptIds; `Debugger.enable` replays `scriptParsed` for every
 * script before it answers, so enabling and disabling again is the cheapest way to name them.
 */
export async function readScriptUrls(conn: CdpConnection): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const unsubscribe = conn.on('Debugger.scriptParsed', (params) => {
    const { scriptId, url } = params as { scriptId: string; url: string };
    urls.set(scriptId, url);
  });
  try {
    await conn.send('Debugger.enable');
    await conn.send('Debugger.disable');
  } finally {
    unsubscribe();
  }
  return urls;
}
