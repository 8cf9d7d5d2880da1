import type { ReadableStep } from '../report/model.ts';
import type { SourceLocation } from '../snapshot.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { describeElement } from '../analysis/element-description.ts';
import { edgeName } from '../graph/node-kinds.ts';
import { displayName } from './raw-steps.ts';
import { locationOf } from './locations.ts';
import { formatLocationFile } from '../report/format.ts';
import type { RawPath } from './retainer-path.ts';
import { describeListenerTarget, isListenerPlumbing, type ListenerTypeLookup } from './listener-plumbing.ts';

export interface ReadableOptions {
  includeStringValues: boolean;
  listenerType: ListenerTypeLookup;
}

const GLOBAL_NAME = /^(?:Window(?: \[JSGlobalObject\])?|system \/ NativeContext)(?: \/ (.*))?$/;

/**
 * Folds a raw retainer path into the steps a web developer reads, the way one would explain it aloud:
 * `Window → priceStore (top-level variable) → .listeners: Map → Map entry → closure onPrice (page.html:10:42) →
 * el (closure variable) → Detached <div class="price-ticker">`. Engine plumbing (contexts, hash-table backing
 * stores, Blink's EventTargetData → … → V8EventListener) disappears into the step it implements.
 */
export function readableChain(
  analysis: HeapAnalysis,
  path: RawPath,
  options: ReadableOptions,
): ReadableStep[] {
  const { snapshot, codes } = analysis;
  const { nodes, edges } = path;
  const name = (node: number): string => snapshot.strings.get(snapshot.nodeName[node]);
  const steps: ReadableStep[] = [];
  let start = 0;
  for (let k = nodes.length - 2; k >= 0; k--) {
    const match = GLOBAL_NAME.exec(name(nodes[k]));
    if (match) {
      // Only a real URL is worth showing (about:blank and data: pages give names like `Window / ://`).
      const url = match[1] && /^[a-z][\w+.-]*:\/\/./i.test(match[1]) ? match[1] : '';
      steps.push({
        kind: 'global',
        text: url ? `Window (${url})` : 'Window',
        nodeId: snapshot.nodeId[nodes[k]],
      });
      start = k + 1;
      break;
    }
  }
  if (steps.length === 0 && nodes.length > 1) {
    const first = nodes[0];
    steps.push({ kind: 'root', text: name(first) || '(root)', nodeId: snapshot.nodeId[first] });
    start = 1;
  }
  let scriptScope = false;
  let pendingCollection = '';
  for (let k = start; k < nodes.length; k++) {
    const node = nodes[k];
    const edge = edges[k];
    const nodeName = name(node);
    const type = snapshot.nodeType[node];
    const edgeType = edge >= 0 ? snapshot.edgeType[edge] : -1;
    const label = edge >= 0 ? edgeName(snapshot, codes, edge) : '';
    const nodeId = snapshot.nodeId[node];
    if (k === nodes.length - 1) {
      steps.push({
        kind: 'leak',
        text: leakText(analysis, node, label, edgeType, options, pendingCollection),
        nodeId,
      });
      break;
    }
    if (nodeName === 'system / ScriptContextTable') {
      scriptScope = true;
      continue;
    }
    if (type === codes.native && nodeName === 'blink::EventTargetData') {
      // Fold EventTargetData → vector → RegisteredEventListener → EventListener → V8EventListener into one step.
      let end = k;
      while (end + 1 < nodes.length - 1 && isListenerPlumbing(name(nodes[end + 1]))) end++;
      const handler = nodes[end + 1];
      const location = handler !== undefined ? locationOf(snapshot, handler) : undefined;
      const eventType = location ? options.listenerType(location) : undefined;
      const target = describeListenerTarget(analysis, nodes[k - 1]);
      steps.push({
        kind: 'listener',
        text: eventType ? `'${eventType}' listener on ${target}` : `event listener on ${target}`,
        nodeId,
        ...(location ? { location } : {}),
      });
      k = end;
      continue;
    }
    if (/^(?:blink::)?(?:DOMTimer|ScheduledAction|DOMTimerCoordinator)$/.test(nodeName)) {
      if (steps[steps.length - 1]?.kind !== 'timer')
        steps.push({ kind: 'timer', text: 'timer (setTimeout/setInterval)', nodeId });
      continue;
    }
    if (type === codes.closure) {
      const location = locationOf(snapshot, node);
      const where = location ? ` (${formatLocationFile(location)})` : '';
      const via = edgeType === codes.edgeProperty ? `.${label} = ` : pendingCollection;
      steps.push({
        kind: 'closure',
        text: `${via}closure ${nodeName || '(anonymous)'}${where}`,
        nodeId,
        ...(location ? { location } : {}),
      });
      pendingCollection = '';
      continue;
    }
    if (edgeType === codes.edgeContext) {
      const scope = scriptScope ? 'top-level variable' : 'closure variable';
      steps.push({
        kind: 'variable',
        text: `${label} (${scope}): ${className(analysis, node, options)}`,
        nodeId,
      });
      scriptScope = false;
      continue;
    }
    if (type === codes.array && (label === 'table' || label === 'elements' || label === 'properties')) {
      // Backing store of a Map/Set/array/object: the next step says which entry.
      const holder = name(nodes[k - 1]);
      if (label === 'table') pendingCollection = `${holder} entry → `;
      continue;
    }
    if (edgeType === codes.edgeProperty) {
      steps.push({
        kind: 'property',
        text: `${pendingCollection}.${label}: ${className(analysis, node, options)}`,
        nodeId,
      });
      pendingCollection = '';
      continue;
    }
    if (
      edgeType === codes.edgeElement &&
      (type === codes.object || type === codes.array || type === codes.closure)
    ) {
      const holderType = snapshot.nodeType[nodes[k - 1]];
      if (holderType === codes.array || holderType === codes.object) {
        steps.push({
          kind: 'element',
          text: `${pendingCollection}[${label}]: ${className(analysis, node, options)}`,
          nodeId,
        });
        pendingCollection = '';
        continue;
      }
    }
    if (type === codes.object && pendingCollection) {
      steps.push({
        kind: 'collection',
        text: `${pendingCollection}${className(analysis, node, options)}`,
        nodeId,
      });
      pendingCollection = '';
      continue;
    }
    const element = type === codes.native ? describeElement(nodeName) : undefined;
    if (element) {
      steps.push({ kind: 'dom', text: displayName(analysis, node, options.includeStringValues), nodeId });
      continue;
    }
    // Anything else is engine plumbing (contexts, system objects, Blink internals): folded away.
  }
  return steps;
}

function className(analysis: HeapAnalysis, node: number, options: ReadableOptions): string {
  const { snapshot, codes } = analysis;
  if (snapshot.nodeType[node] === codes.object || snapshot.nodeType[node] === codes.native) {
    return displayName(analysis, node, options.includeStringValues);
  }
  return analysis.classes.names[analysis.classes.classOf[node]];
}

function leakText(
  analysis: HeapAnalysis,
  node: number,
  label: string,
  edgeType: number,
  options: ReadableOptions,
  pendingCollection: string,
): string {
  const { codes } = analysis;
  const what = displayName(analysis, node, options.includeStringValues);
  if (edgeType === codes.edgeContext) return `${label} (closure variable): ${what}`;
  if (edgeType === codes.edgeProperty) return `${pendingCollection}.${label}: ${what}`;
  return `${pendingCollection}${what}`;
}

export type { SourceLocation };
