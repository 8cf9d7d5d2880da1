import type { LeakCluster, LeakReport } from './model.ts';

/**
 * Hand-written reports for renderer tests and demos, shaped like what the engine reports for the
 * price-ticker page of DESIGN.md §3 (a detached <div> held by a closure in a store's listener table).
 */
export function sampleLeakReport(): LeakReport {
  return {
    schemaVersion: 1,
    generatedAt: '2025-11-25T09:05:00.000Z',
    tool: { name: 'leaks', version: '0.1.0' },
    includesStringValues: false,
    snapshots: [
      snapshot('baseline', 'baseline.heapsnapshot', 120_400, 481_100, 9_800_000, 19, 0),
      snapshot('target', 'target.heapsnapshot', 131_900, 530_200, 11_300_000, 22, 40),
      snapshot('final', 'final.heapsnapshot', 131_700, 529_600, 11_250_000, 22, 40),
    ],
    summary: {
      leakClusters: 2,
      leakedObjects: 1_250,
      leakedDetachedElements: 40,
      leakedRetainedSize: 1_234_567,
      listenerDelta: 3,
      heapDelta: 1_450_000,
    },
    leaks: [detachedTickerCluster(), resizeListenerCluster()],
    listeners: {
      counts: [
        { role: 'baseline', count: 19 },
        { role: 'target', count: 22 },
        { role: 'final', count: 22 },
      ],
      delta: 3,
      added: [
        {
          target: 'Window',
          type: 'resize',
          handler: 'onResize',
          location: { scriptId: 7, url: 'http://127.0.0.1:8080/app.js', line: 41, column: 9 },
          count: 3,
        },
      ],
    },
    classes: [
      classDelta('Detached HTMLDivElement', 40, 0, 38_400, 0),
      classDelta('(closure)', 120, 2, 7_680, 128),
      classDelta('Array', 15, 3, 2_400, 480),
    ],
  };
}

function snapshot(
  role: 'baseline' | 'target' | 'final',
  label: string,
  nodeCount: number,
  edgeCount: number,
  totalSize: number,
  jsEventListeners: number,
  detachedElements: number,
): LeakReport['snapshots'][number] {
  return { role, label, nodeCount, edgeCount, totalSize, jsEventListeners, detachedElements };
}

function classDelta(
  className: string,
  newCount: number,
  deletedCount: number,
  allocSize: number,
  freedSize: number,
): LeakReport['classes'][number] {
  return {
    className,
    newCount,
    deletedCount,
    deltaCount: newCount - deletedCount,
    allocSize,
    freedSize,
    deltaSize: allocSize - freedSize,
  };
}

function detachedTickerCluster(): LeakCluster {
  const onPrice = { scriptId: 5, url: 'http://127.0.0.1:8080/page.html', line: 9, column: 41 };
  const chain: [string, string, string, string, number][] = [
    ['Window', 'object', '', 'element', 0],
    ['Window / http://127.0.0.1:8080', 'object', 'global_object', 'internal', 0],
    ['Object', 'object', 'priceStore', 'property', 0],
    ['Map', 'object', 'listeners', 'property', 0],
    ['(object elements)', 'array', 'table', 'internal', 0],
    ['onPrice', 'closure', '3', 'internal', 0],
    ['system / Context', 'hidden', 'context', 'internal', 0],
    ['Detached <div class="price-ticker">', 'native', 'el', 'context', 1],
  ];
  return {
    id: 'L1',
    kind: 'detached-dom',
    title: 'Detached <div class="price-ticker"> held by closure onPrice (page.html:10:42)',
    count: 1_200,
    detachedElements: 40,
    retainedSize: 1_100_000,
    retainerChain: chain.map(([node, nodeType, edge, edgeType, detached], index) => ({
      node,
      nodeType,
      nodeId: 1 + index * 2,
      edge,
      edgeType,
      selfSize: 16 + index * 8,
      retainedSize: 1_100_000 - index * 1_000,
      detached: detached === 1,
    })),
    readableChain: [
      { kind: 'root', text: 'Window', nodeId: 1 },
      { kind: 'global', text: 'priceStore (global variable)', nodeId: 5 },
      { kind: 'property', text: 'listeners', nodeId: 7 },
      { kind: 'collection', text: 'Map entry', nodeId: 9 },
      { kind: 'closure', text: 'closure onPrice', nodeId: 11, location: onPrice },
      { kind: 'variable', text: 'el (closure variable)', nodeId: 15 },
      { kind: 'leak', text: 'Detached <div class="price-ticker">', nodeId: 15 },
    ],
    samples: [
      {
        nodeId: 15,
        name: '<div class="price-ticker">',
        className: 'Detached HTMLDivElement',
        selfSize: 960,
        retainedSize: 27_500,
      },
      {
        nodeId: 17,
        name: '<div class="price-ticker">',
        className: 'Detached HTMLDivElement',
        selfSize: 960,
        retainedSize: 27_400,
      },
    ],
    locations: [onPrice],
  };
}

function resizeListenerCluster(): LeakCluster {
  const onResize = { scriptId: 7, url: 'http://127.0.0.1:8080/app.js', line: 41, column: 9 };
  return {
    id: 'L2',
    kind: 'event-listener',
    title: "'resize' listener on Window: closure onResize (app.js:42:10)",
    count: 50,
    detachedElements: 0,
    retainedSize: 134_567,
    retainerChain: [
      {
        node: 'Window',
        nodeType: 'object',
        nodeId: 101,
        edge: '',
        edgeType: 'element',
        selfSize: 24,
        retainedSize: 200_000,
        detached: false,
      },
      {
        node: 'V8EventListener',
        nodeType: 'native',
        nodeId: 202,
        edge: 'EventListener',
        edgeType: 'internal',
        selfSize: 32,
        retainedSize: 134_600,
        detached: false,
      },
      {
        node: 'onResize',
        nodeType: 'closure',
        nodeId: 103,
        edge: 'callback',
        edgeType: 'internal',
        selfSize: 32,
        retainedSize: 134_567,
        detached: false,
      },
    ],
    readableChain: [
      { kind: 'root', text: 'Window', nodeId: 101 },
      { kind: 'listener', text: "'resize' listener on Window", nodeId: 202 },
      { kind: 'leak', text: 'closure onResize', nodeId: 103, location: onResize },
    ],
    samples: [{ nodeId: 103, name: 'onResize', className: '(closure)', selfSize: 32, retainedSize: 134_567 }],
    locations: [onResize],
  };
}

/** Strings a hostile page can put in its heap: markup, script URLs, bidi overrides, Markdown syntax, huge names. */
export const HOSTILE_STRINGS = {
  markup: '</script><img src=x onerror=alert(1)>',
  scriptUrl: 'javascript:alert(document.domain)//',
  bidi: 'invoice\u202Etxt.exe',
  markdown: '| `code` | **bold** [link](http://evil.example) @octocat #1 <b>x</b> :smile:',
  quote: `" onmouseover="alert(1)' x='`,
  huge: 'A'.repeat(100_000),
  controls: 'line1\nline2\r\u0000\u0007end',
} as const;

/** The sample report with every heap-derived string replaced by a hostile one. */
export function hostileLeakReport(): LeakReport {
  const report = sampleLeakReport();
  const { markup, scriptUrl, bidi, markdown, quote, huge, controls } = HOSTILE_STRINGS;
  const location = { scriptId: 9, url: scriptUrl, line: 0, column: 0 };
  report.snapshots[0]!.label = markup;
  report.snapshots[1]!.label = bidi;
  for (const cluster of report.leaks) {
    cluster.title = `${markup} ${bidi} ${markdown}`;
    cluster.retainerChain[0]!.node = markup;
    cluster.retainerChain[1]!.edge = quote;
    cluster.retainerChain[2]!.node = huge;
    cluster.readableChain[0]!.text = markdown;
    cluster.readableChain[1]!.text = controls;
    cluster.readableChain[1]!.location = location;
    cluster.readableChain[2]!.text = bidi;
    cluster.samples[0]!.name = huge;
    cluster.samples[0]!.className = quote;
    cluster.locations = [location];
  }
  report.listeners.added[0] = { target: markup, type: markdown, handler: bidi, location, count: 1 };
  report.classes[0]!.className = markdown;
  report.classes[1]!.className = huge;
  report.classes[2]!.className = markup;
  return report;
}
