import type { SnapshotColumns } from './columns.ts';

/** Locations sorted by node ordinal, so a closure's location is found by binary search. */
export function sortLocations(columns: SnapshotColumns): {
  locationNode: Uint32Array;
  locationScriptId: Uint32Array;
  locationLine: Uint32Array;
  locationColumn: Uint32Array;
  locationScriptNode: Uint32Array;
} {
  const node = columns.locationNode.toArray();
  const scriptId = columns.locationScriptId.toArray();
  const line = columns.locationLine.toArray();
  const column = columns.locationColumn.toArray();
  const scriptNode = columns.locationScriptNode.toArray();
  let sorted = true;
  for (let k = 1; k < node.length && sorted; k++) sorted = node[k - 1] <= node[k];
  if (sorted) {
    return {
      locationNode: node,
      locationScriptId: scriptId,
      locationLine: line,
      locationColumn: column,
      locationScriptNode: scriptNode,
    };
  }
  const order = Array.from(node.keys()).sort((a, b) => node[a] - node[b]);
  const pick = (source: Uint32Array): Uint32Array => Uint32Array.from(order, (k) => source[k]);
  return {
    locationNode: pick(node),
    locationScriptId: pick(scriptId),
    locationLine: pick(line),
    locationColumn: pick(column),
    locationScriptNode: pick(scriptNode),
  };
}
