import { LOCATION_ROW, type SnapshotColumns } from './columns.ts';
import { radixOrder } from '../radix-order.ts';

/**
 * Locations sorted by node ordinal, so a closure's location is found by binary search: the rows as columns, in
 * one pass when they come in order or in reverse (V8 writes them by descending node ordinal), else through a
 * radix sort.
 */
export function sortLocations(columns: Pick<SnapshotColumns, 'locationRows' | 'locationCount'>): {
  locationNode: Uint32Array;
  locationScriptId: Uint32Array;
  locationLine: Uint32Array;
  locationColumn: Uint32Array;
  locationScriptNode: Uint32Array;
} {
  const rows = columns.locationRows;
  const count = columns.locationCount;
  const node = new Uint32Array(count);
  const scriptId = new Uint32Array(count);
  const line = new Uint32Array(count);
  const column = new Uint32Array(count);
  const scriptNode = new Uint32Array(count);
  let ascending = true;
  let descending = true;
  for (let k = 1, at = LOCATION_ROW; k < count && (ascending || descending); k++, at += LOCATION_ROW) {
    if (rows[at - LOCATION_ROW] > rows[at]) ascending = false;
    else if (rows[at - LOCATION_ROW] < rows[at]) descending = false;
  }
  // A stable sort by node ordinal, O(locations) either way: V8's descending rows are read back to front, and
  // rows in any other order (Chromium 156 writes runs each way) go through radixOrder, which needs no table a node
  // (Node, a 200 MB target's 429k rows: the sort's first run in a process 39–42 → 27–34 ms). A comparator sort of
  // the 300k locations of a 233 MB snapshot took 120 ms, after the last byte, where the user waits; a counting
  // sort's table of one word a node (13.5 MB for 3.4 M nodes), made and first touched there, was most of the 158 ms
  // that the sort of a 200 MB target's 429k locations took in the panel's worker (profiled).
  let order: Uint32Array | undefined;
  if (!ascending && descending) {
    order = new Uint32Array(count);
    // Back to front, keeping the file's order among a node's rows, as a stable sort does.
    let k = 0;
    for (let end = count; end > 0;) {
      let start = end - 1;
      while (start > 0 && rows[(start - 1) * LOCATION_ROW] === rows[start * LOCATION_ROW]) start--;
      for (let row = start; row < end; row++) order[k++] = row;
      end = start;
    }
  } else if (!ascending) {
    const nodes = new Uint32Array(count);
    let maxNode = 0;
    for (let k = 0; k < count; k++) {
      nodes[k] = rows[k * LOCATION_ROW];
      if (nodes[k] > maxNode) maxNode = nodes[k];
    }
    order = radixOrder(nodes, count, maxNode);
  }
  for (let k = 0; k < count; k++) {
    const at = (order ? order[k] : k) * LOCATION_ROW;
    node[k] = rows[at];
    scriptId[k] = rows[at + 1];
    line[k] = rows[at + 2];
    column[k] = rows[at + 3];
    scriptNode[k] = rows[at + 4];
  }
  return {
    locationNode: node,
    locationScriptId: scriptId,
    locationLine: line,
    locationColumn: column,
    locationScriptNode: scriptNode,
  };
}
