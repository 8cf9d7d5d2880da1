import { describe, expect, it } from 'vitest';
import { namedRules } from '../core/index.ts';
import { fixtureSnapshot } from '../../test/support/fixture-snapshots.ts';
import { loadSnapshot } from '../../test/support/load-snapshot.ts';
import { workerDominatorHelper } from './dominator-client.ts';
import { dominatorEngine } from './dominator-engine.ts';
import { inThreadDominatorHelper } from './dominator-helper.ts';
import { serveDominatorJobs } from './dominator-server.ts';
import type { ToDominatorWorker } from './dominator-protocol.ts';
import type { MessageEndpoint } from './protocol.ts';

describe('the dominator worker storage made ahead (reserveAhead)', () => {
  const snapshot = loadSnapshot(fixtureSnapshot('closure-detached', 'final'));
  const { nodeCount, edgeCount } = snapshot;

  /** The dominator worker's own code behind a real message channel, with the messages it was sent. */
  const overChannel = (maxBytes = Infinity) => {
    const sent: ToDominatorWorker[] = [];
    const channels: MessageChannel[] = [];
    const helper = workerDominatorHelper(
      () => {
        const channel = new MessageChannel();
        channels.push(channel);
        serveDominatorJobs(channel.port2 as unknown as MessageEndpoint, dominatorEngine);
        // The same port, with what is sent to the dominator worker written down.
        const port = channel.port1;
        return {
          postMessage(message: ToDominatorWorker, transfer: Transferable[] = []) {
            sent.push(message);
            port.postMessage(message, transfer);
          },
          addEventListener: port.addEventListener.bind(port),
          removeEventListener: port.removeEventListener.bind(port),
          start: () => port.start(),
        } as MessageEndpoint;
      },
      { timeoutMs: 60_000, maxBytes },
    );
    return { helper, sent, close: () => channels.forEach((channel) => channel.port1.close()) };
  };

  const treeOf = async (job: ReturnType<ReturnType<typeof overChannel>['helper']['open']>) => {
    job.start(snapshot);
    const tree = await job.finish(namedRules(snapshot));
    expect(tree).toBeDefined();
    return { dominator: Array.from(tree!.dominator), preorder: Array.from(tree!.preorder) };
  };

  it('keeps storage made for bigger counts when the header comes, and gives the same tree', async () => {
    const local = inThreadDominatorHelper(dominatorEngine).open();
    local.start(snapshot);
    const expected = await local.finish(namedRules(snapshot));
    const { helper, sent, close } = overChannel();
    const job = helper.open();
    job.reserveAhead(Math.ceil(nodeCount * 1.1), Math.ceil(edgeCount * 1.1));
    job.reserve(nodeCount, edgeCount);
    const tree = await treeOf(job);
    expect(sent.filter((message) => message.type === 'reserve')).toHaveLength(1);
    expect(tree).toEqual({
      dominator: Array.from(expected!.dominator),
      preorder: Array.from(expected!.preorder),
    });
    close();
  });

  it('makes it again when the header counts more than the guess', async () => {
    const { helper, sent, close } = overChannel();
    const job = helper.open();
    job.reserveAhead(nodeCount - 1, edgeCount);
    job.reserve(nodeCount, edgeCount);
    const reserves = sent.filter((message) => message.type === 'reserve');
    expect(reserves.map((message) => message.type === 'reserve' && message.nodeCount)).toEqual([
      nodeCount - 1,
      nodeCount,
    ]);
    const local = inThreadDominatorHelper(dominatorEngine).open();
    local.start(snapshot);
    const expected = await local.finish(namedRules(snapshot));
    expect((await treeOf(job)).dominator).toEqual(Array.from(expected!.dominator));
    close();
  });

  it('leaves a guess over the memory limit unmade and the job open', async () => {
    const { helper, sent, close } = overChannel(64 * 1024 * 1024);
    const job = helper.open();
    job.reserveAhead(100_000_000, 400_000_000);
    expect(sent).toEqual([]);
    job.reserve(nodeCount, edgeCount);
    job.start(snapshot);
    expect(await job.finish(namedRules(snapshot))).toBeDefined();
    expect(sent.map((message) => message.type)).toEqual(['reserve', 'start', 'finish']);
    close();
  });
});
