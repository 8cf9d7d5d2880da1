/**
 * Tells whether the inspected page navigated during a capture: a navigation replaces the main frame's loader,
 * so its id before and after differ. A navigation that commits mid-stream cuts the snapshot short (measured: the
 * parser then fails on a mangled "nodes" array); one that commits later leaves a snapshot of a page the user
 * has left. Either way the checkpoint is discarded and the user told why.
 */
import type { CdpConnection } from '../../cdp/connection.ts';

export class PageNavigatedError extends Error {
  override readonly name = 'PageNavigatedError';
  constructor() {
    super('the inspected page navigated during the capture');
  }
}

/** The main frame's loader id, or undefined when the page cannot say (closed socket, crashed renderer). */
export function documentOf(conn: CdpConnection): Promise<string | undefined> {
  // A crashed renderer never answers, so the question gets a deadline.
  return Promise.race([
    conn
      .send('Page.getFrameTree')
      .then((r) => (r as { frameTree: { frame: { loaderId: string } } }).frameTree.frame.loaderId)
      .catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(resolve, 2000)),
  ]);
}
