import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type MessageEndpoint } from './protocol.ts';
import { serveWorkerApi, type WorkerHandlers } from './rpc-server.ts';
import { WorkerClient, WorkerCallError } from './worker-client.ts';

/** A worker stand-in: the server runs on port2 of a real MessageChannel, the client talks to port1. */
function startServer(handlers: Partial<WorkerHandlers>) {
  const channel = new MessageChannel();
  serveWorkerApi(channel.port2 as unknown as MessageEndpoint, handlers as WorkerHandlers);
  return channel;
}

const clients: WorkerClient[] = [];
const channels: MessageChannel[] = [];

function connect(handlers: Partial<WorkerHandlers>, timeoutMs = 1000, onDeath?: (reason: string) => void) {
  const factory = vi.fn(() => {
    const channel = startServer(handlers);
    channels.push(channel);
    return channel.port1 as unknown as MessageEndpoint;
  });
  const client = new WorkerClient(factory, { timeoutMs, onDeath });
  clients.push(client);
  return { client, factory };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

describe('WorkerClient over a MessageChannel', () => {
  it('returns results and moves transferred buffers', async () => {
    const { client } = connect({
      appendChunk: ({ chunk }) => ({
        bytesRead: typeof chunk === 'string' ? chunk.length : chunk.byteLength,
      }),
    });
    const buffer = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    const result = await client.call(
      'appendChunk',
      { role: 'baseline', chunk: buffer },
      { transfer: [buffer] },
    );
    expect(result).toEqual({ bytesRead: 5 });
    expect(buffer.byteLength).toBe(0); // detached: it was transferred, not copied
    await expect(client.call('appendChunk', { role: 'target', chunk: 'abc' })).resolves.toEqual({
      bytesRead: 3,
    });
  });

  it('re-throws the worker error with its code and message', async () => {
    const { client } = connect({
      endSnapshot: () => {
        throw Object.assign(new Error('snapshot ends early'), { code: 'truncated' });
      },
    });
    const failure = client.call('endSnapshot', { role: 'final' });
    await expect(failure).rejects.toBeInstanceOf(WorkerCallError);
    await expect(failure).rejects.toMatchObject({ code: 'truncated', message: 'snapshot ends early' });
  });

  it('times out a call that does not answer, drops its late answer and keeps working', async () => {
    const { client } = connect(
      {
        render: async ({ format }) => {
          if (format === 'html') await new Promise((resolve) => setTimeout(resolve, 300));
          return `report as ${format}`;
        },
      },
      100,
    );
    await expect(client.call('render', { format: 'html' })).rejects.toMatchObject({ code: 'timeout' });
    expect(client.pendingCount).toBe(0);
    await expect(client.call('render', { format: 'md' }, { timeoutMs: 1000 })).resolves.toBe('report as md');
  });

  it('rejects every pending call when the endpoint dies, then starts a new one', async () => {
    const deaths: string[] = [];
    const { client, factory } = connect(
      { compare: () => new Promise(() => {}), render: ({ format }) => `fresh ${format}` },
      5000,
      (reason) => deaths.push(reason),
    );
    const first = client.call('compare', {});
    const second = client.call('render', { format: 'json' }); // queued behind the call that never ends
    await new Promise((resolve) => setTimeout(resolve, 20));
    channels[0]!.port2.close(); // the worker side goes away

    await expect(first).rejects.toMatchObject({ code: 'worker-died' });
    await expect(second).rejects.toMatchObject({ code: 'worker-died' });
    expect(deaths).toHaveLength(1);
    expect(client.pendingCount).toBe(0);

    await expect(client.call('render', { format: 'md' })).resolves.toBe('fresh md');
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it('answers a call from another protocol version with an error, not a guess', async () => {
    const channel = startServer({ render: () => 'never' });
    channels.push(channel);
    const reply = new Promise((resolve) => channel.port1.addEventListener('message', (e) => resolve(e.data)));
    channel.port1.start();
    channel.port1.postMessage({
      protocolVersion: PROTOCOL_VERSION + 1,
      type: 'call',
      callId: 7,
      method: 'render',
    });
    await expect(reply).resolves.toMatchObject({ type: 'error', callId: 7, error: { code: 'protocol' } });
  });
});
