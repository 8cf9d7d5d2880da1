import type { SourceLocation } from '../snapshot.ts';
import type { HeapAnalysis } from '../analysis/analyze.ts';
import { describeElement } from '../analysis/element-description.ts';
import { DOM_DETACHED } from '../graph/dom-state.ts';

/** Event type of a listener whose handler starts at a location, when a listener inventory told us; else undefined. */
export type ListenerTypeLookup = (handler: SourceLocation) => string | undefined;

/** A listener inventory entry (DOMDebugger.getEventListeners gives type and handler location). */
export interface ListenerHint {
  handlerLocation: { scriptId: number; line: number; column: number };
  type: string;
  target?: string;
}

export function listenerTypeLookup(hints: readonly ListenerHint[] = []): ListenerTypeLookup {
  const types = new Map<string, Set<string>>();
  for (const hint of hints) {
    const key = `${hint.handlerLocation.scriptId}:${hint.handlerLocation.line}:${hint.handlerLocation.column}`;
    let set = types.get(key);
    if (!set) types.set(key, (set = new Set()));
    set.add(hint.type);
  }
  return (location) => {
    const set = types.get(`${location.scriptId}:${location.line}:${location.column}`);
    return set ? [...set].join('/') : undefined;
  };
}

const PLUMBING =
  /^(?:blink::(?:EventTargetData|HeapVectorBacking|BasicHeapVector|HeapHashTableBacking|EventListenerMap).*|RegisteredEventListener|blink::RegisteredEventListener|EventListener|V8EventListener|V8EventHandlerNonNull|JSEventListener|EventHandler)$/;

/** Blink's internal objects between an event target and the JS function that handles its event. */
export function isListenerPlumbing(name: string): boolean {
  return (
    PLUMBING.test(name) ||
    name.startsWith('blink::HeapVectorBacking') ||
    name.startsWith('blink::BasicHeapVector')
  );
}

/** `Window`, `document`, `button#save`, `Detached div.dialog` — the thing `addEventListener` was called on. */
export function describeListenerTarget(analysis: HeapAnalysis, node: number | undefined): string {
  if (node === undefined) return 'an event target';
  const name = analysis.snapshot.strings.get(analysis.snapshot.nodeName[node]);
  if (name === 'Window' || name.startsWith('Window / ')) return 'Window';
  if (name === 'HTMLDocument' || name === 'Document') return 'document';
  const element = describeElement(name);
  if (element) return analysis.domState[node] === DOM_DETACHED ? `Detached ${element}` : element;
  return name || 'an event target';
}
