/**
 * The slice of CDP's `DOM.Node` quick mode reads, and how it names nodes for people: `div#id.class`, the way
 * DevTools' Elements breadcrumbs do, short enough for a table cell.
 */
export interface CdpDomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  localName: string;
  /** Flat name/value pairs. */
  attributes?: string[];
  children?: CdpDomNode[];
  shadowRoots?: CdpDomNode[];
  contentDocument?: CdpDomNode;
  templateContent?: CdpDomNode;
  pseudoElements?: CdpDomNode[];
}

const ELEMENT_NODE = 1;
const MAX_CLASSES = 3;

export function describeDomNode(node: CdpDomNode): string {
  if (node.nodeType !== ELEMENT_NODE) return node.nodeName.toLowerCase();
  let text = node.localName || node.nodeName.toLowerCase();
  const id = attribute(node, 'id');
  if (id) text += `#${id}`;
  const classes = (attribute(node, 'class') ?? '').split(/\s+/).filter(Boolean);
  for (const name of classes.slice(0, MAX_CLASSES)) text += `.${name}`;
  if (classes.length > MAX_CLASSES) text += '…';
  return text;
}

function attribute(node: CdpDomNode, name: string): string | undefined {
  const attributes = node.attributes ?? [];
  for (let i = 0; i + 1 < attributes.length; i += 2) if (attributes[i] === name) return attributes[i + 1];
  return undefined;
}

/** Every node of a subtree, including shadow roots, iframe documents and template contents. */
export function* walkDomTree(root: CdpDomNode): Generator<CdpDomNode> {
  const stack = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    yield node;
    if (node.children) stack.push(...node.children);
    if (node.shadowRoots) stack.push(...node.shadowRoots);
    if (node.pseudoElements) stack.push(...node.pseudoElements);
    if (node.contentDocument) stack.push(node.contentDocument);
    if (node.templateContent) stack.push(node.templateContent);
  }
}

/** backendNodeId → description, for naming listener targets. */
export function describeTree(root: CdpDomNode, prefix = ''): Map<number, string> {
  const names = new Map<number, string>();
  for (const node of walkDomTree(root)) names.set(node.backendNodeId, prefix + describeDomNode(node));
  return names;
}

export function countElements(root: CdpDomNode): number {
  let count = 0;
  for (const node of walkDomTree(root)) if (node.nodeType === ELEMENT_NODE) count++;
  return count;
}
