import type { HeapAnalysis } from '../analysis/analyze.ts';

/**
 * Objects that measure the tool or the engine rather than the page: compiled code and its feedback, hidden system
 * objects, shapes, and the inspector's own objects (DevTools console and the CDP session that took the snapshot).
 * memlab filters the same families; a leak root of these kinds is never reported.
 */
const NOISE_NAME =
  /^(?:system \/ |\(|InjectedScript|CommandLineAPI|V8Inspector|InspectorOverlay|V8Console|ConsoleMessage)|Feedback(?:Vector|Cell|Metadata)|^(?:Code|BytecodeArray|SharedFunctionInfo|ScopeInfo|ScriptContextTable)$/;

/** Class names of the same families, for the class comparison. */
export function isNoiseClass(className: string): boolean {
  return (
    NOISE_NAME.test(className) &&
    className !== '(string)' &&
    className !== '(array)' &&
    className !== '(closure)'
  );
}

/** A noise test for one analysis; the name check runs once per distinct name, not once per node. */
export function noiseFilter(analysis: HeapAnalysis): (node: number) => boolean {
  const { snapshot, codes } = analysis;
  const verdict = new Uint8Array(snapshot.strings.length); // 0 unknown, 1 noise, 2 not noise
  return (node) => {
    const type = snapshot.nodeType[node];
    if (
      type === codes.code ||
      type === codes.hidden ||
      type === codes.objectShape ||
      type === codes.synthetic
    ) {
      return true;
    }
    if (type !== codes.object && type !== codes.native && type !== codes.array) return false;
    const name = snapshot.nodeName[node];
    if (verdict[name] === 0) verdict[name] = NOISE_NAME.test(snapshot.strings.get(name)) ? 1 : 2;
    return verdict[name] === 1;
  };
}
