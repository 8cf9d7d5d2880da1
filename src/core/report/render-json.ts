import type { SourceLocation } from '../snapshot.ts';
import type { LeakCluster, LeakReport, ListenerReport } from './model.ts';

/**
 * The report as JSON, documented by docs/report.schema.json: two-space indent and a final newline.
 * Keys are written in the model's declaration order whatever order the producer built the objects in, so two
 * reports of the same page diff line by line. Keys the model does not know are kept, after the known ones.
 */
export function renderJsonReport(report: LeakReport): string {
  return `${JSON.stringify(orderReport(report), null, 2)}\n`;
}

type Plain = Record<string, unknown>;

/** A copy of `value` with `keys` first, in that order, then any other keys as they came. */
function ordered<T extends object>(value: T, keys: readonly (keyof T & string)[]): Plain {
  const source = value as Plain;
  const result: Plain = {};
  for (const key of keys) if (key in source) result[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in result)) result[key] = source[key];
  return result;
}

function orderLocation(location: SourceLocation): Plain {
  return ordered(location, ['scriptId', 'url', 'line', 'column']);
}

function orderCluster(cluster: LeakCluster): Plain {
  return {
    ...ordered(cluster, [
      'id',
      'kind',
      'title',
      'count',
      'detachedElements',
      'retainedSize',
      'retainerChain',
      'readableChain',
      'samples',
      'locations',
    ]),
    retainerChain: cluster.retainerChain.map((step) =>
      ordered(step, [
        'node',
        'nodeType',
        'nodeId',
        'edge',
        'edgeType',
        'selfSize',
        'retainedSize',
        'detached',
      ]),
    ),
    readableChain: cluster.readableChain.map((step) => {
      const result = ordered(step, ['kind', 'text', 'nodeId', 'location']);
      if (step.location) result.location = orderLocation(step.location);
      return result;
    }),
    samples: cluster.samples.map((sample) =>
      ordered(sample, ['nodeId', 'name', 'className', 'selfSize', 'retainedSize']),
    ),
    locations: cluster.locations.map(orderLocation),
  };
}

function orderListeners(listeners: ListenerReport): Plain {
  return {
    ...ordered(listeners, ['counts', 'delta', 'added']),
    counts: listeners.counts.map((count) => ordered(count, ['role', 'count'])),
    added: listeners.added.map((added) => {
      const result = ordered(added, ['target', 'type', 'handler', 'location', 'count']);
      if (added.location) result.location = orderLocation(added.location);
      return result;
    }),
  };
}

function orderReport(report: LeakReport): Plain {
  return {
    ...ordered(report, [
      'schemaVersion',
      'generatedAt',
      'tool',
      'includesStringValues',
      'snapshots',
      'summary',
      'leaks',
      'listeners',
      'classes',
    ]),
    tool: ordered(report.tool, ['name', 'version']),
    snapshots: report.snapshots.map((snapshot) =>
      ordered(snapshot, [
        'role',
        'label',
        'nodeCount',
        'edgeCount',
        'totalSize',
        'jsEventListeners',
        'detachedElements',
      ]),
    ),
    summary: ordered(report.summary, [
      'leakClusters',
      'leakedObjects',
      'leakedDetachedElements',
      'leakedRetainedSize',
      'listenerDelta',
      'heapDelta',
    ]),
    leaks: report.leaks.map(orderCluster),
    listeners: orderListeners(report.listeners),
    classes: report.classes.map((delta) =>
      ordered(delta, [
        'className',
        'newCount',
        'deletedCount',
        'deltaCount',
        'allocSize',
        'freedSize',
        'deltaSize',
      ]),
    ),
  };
}
