/**
 * The dominator worker's side: reserves each job's storage, keeps its first half (computeDominatorsAhead) until its
 * named rules come, then answers with the tree. A job that failed answers `failed`, and the analysis computes the
 * tree itself.
 */
import type { DominatorsAhead, EdgeGraph, Scratch } from '../core/index.ts';
import type { DominatorEngine } from './dominator-engine.ts';
import { errorMessage } from '../shared/error-message.ts';
import type { FromDominatorWorker, ToDominatorWorker } from './dominator-protocol.ts';
import type { MessageEndpoint } from './protocol.ts';

type Job =
  | { state: 'reserved'; scratch: Scratch }
  | { state: 'started'; graph: EdgeGraph; ahead: DominatorsAhead }
  | { state: 'failed'; error: string };

export function serveDominatorJobs(endpoint: MessageEndpoint, engine: DominatorEngine): void {
  const jobs = new Map<number, Job>();
  const reply = (message: FromDominatorWorker, transfer: Transferable[] = []) =>
    endpoint.postMessage(message, transfer);
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ToDominatorWorker;
    if (message.type === 'reserve') {
      try {
        const scratch = engine.reserveDominatorsAhead(message.nodeCount, message.edgeCount);
        jobs.set(message.job, { state: 'reserved', scratch });
      } catch (error) {
        jobs.set(message.job, { state: 'failed', error: errorMessage(error) });
      }
    } else if (message.type === 'start') {
      const reserved = jobs.get(message.job);
      if (reserved?.state === 'failed') return;
      try {
        const scratch = reserved?.state === 'reserved' ? reserved.scratch : undefined;
        const ahead = engine.computeDominatorsAhead(message.graph, scratch);
        jobs.set(message.job, { state: 'started', graph: message.graph, ahead });
      } catch (error) {
        jobs.set(message.job, { state: 'failed', error: errorMessage(error) });
      }
    } else if (message.type === 'cancel') {
      jobs.delete(message.job);
    } else {
      const job = jobs.get(message.job);
      jobs.delete(message.job);
      if (job?.state !== 'started') {
        const reason = job?.state === 'failed' ? job.error : 'the job never started';
        reply({ type: 'failed', job: message.job, message: reason });
        return;
      }
      try {
        const tree = engine.finishDominatorsAhead(job.graph, job.ahead, message.rules);
        reply(
          { type: 'tree', job: message.job, tree },
          tree ? [tree.dominator.buffer, tree.preorder.buffer] : [],
        );
      } catch (error) {
        reply({ type: 'failed', job: message.job, message: errorMessage(error) });
      }
    }
  });
  endpoint.start?.();
}
