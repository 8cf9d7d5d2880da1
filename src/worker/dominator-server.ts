/**
 * The dominator worker's side: reserves each job's storage, runs its first half (computeDominatorsAhead) and, until
 * its named rules come, the semi-dominator step in slices over the lists as they are (finishDominatorsAhead
 * corrects what the rules change); then answers with the tree. A job that failed answers `failed`, and the
 * analysis computes the tree itself.
 */
import type { DominatorsAhead, EdgeGraph, Scratch, SemiDominatorSteps } from '../core/index.ts';
import type { DominatorEngine } from './dominator-engine.ts';
import { errorMessage } from '../shared/error-message.ts';
import type { FromDominatorWorker, ToDominatorWorker } from './dominator-protocol.ts';
import type { MessageEndpoint } from './protocol.ts';

type Job =
  | { state: 'reserved'; scratch: Scratch }
  | {
      state: 'started';
      graph: EdgeGraph;
      ahead: DominatorsAhead;
      scratch: Scratch | undefined;
      steps: SemiDominatorSteps;
    }
  | { state: 'failed'; error: string };

/** Nodes of the semi-dominator step between two looks at the message queue: some 30 ms in a browser worker. */
const SLICE_NODES = 1 << 18;

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
        const steps = engine.beginAheadSemiDominators(ahead, scratch);
        const job: Job = { state: 'started', graph: message.graph, ahead, scratch, steps };
        jobs.set(message.job, job);
        void stepWhileWaiting(message.job, job);
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
        const tree = engine.finishDominatorsAhead(
          job.graph,
          job.ahead,
          message.rules,
          job.scratch,
          job.steps,
        );
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

  /** The semi-dominator step while a job waits for its rules; the finish message takes over from wherever it is. */
  async function stepWhileWaiting(id: number, job: Job & { state: 'started' }): Promise<void> {
    while (jobs.get(id) === job) {
      try {
        if (engine.stepSemiDominators(job.steps, SLICE_NODES)) return;
      } catch (error) {
        jobs.set(id, { state: 'failed', error: errorMessage(error) });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
