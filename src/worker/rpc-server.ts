/**
 * The worker's side of the RPC: answers each call with a result or a serialized error. Calls run one at a time
 * in arrival order, even async ones, because they share state (beginSnapshot must finish before the chunks it
 * announced are appended).
 */
import {
  PROTOCOL_VERSION,
  type ArgsOf,
  type CallMessage,
  type MessageEndpoint,
  type ReplyMessage,
  type ResultOf,
  type SerializedError,
  type WorkerMethod,
} from './protocol.ts';

export type WorkerHandlers = {
  [M in WorkerMethod]: (args: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
};

export function serveWorkerApi(endpoint: MessageEndpoint, handlers: WorkerHandlers): () => void {
  let queue: Promise<unknown> = Promise.resolve();
  const onMessage = (event: MessageEvent): void => {
    const message = event.data as CallMessage;
    if (message?.type !== 'call') return;
    queue = queue.then(() => answer(message)).then((reply) => endpoint.postMessage(reply));
  };

  async function answer(message: CallMessage): Promise<ReplyMessage> {
    const { callId } = message;
    if (message.protocolVersion !== PROTOCOL_VERSION) {
      const error = {
        name: 'ProtocolError',
        code: 'protocol',
        message: `panel speaks protocol ${message.protocolVersion}`,
      };
      return { protocolVersion: PROTOCOL_VERSION, type: 'error', callId, error };
    }
    try {
      const handler = handlers[message.method] as (args: unknown) => unknown;
      const result = await handler(message.args);
      return { protocolVersion: PROTOCOL_VERSION, type: 'result', callId, result };
    } catch (error) {
      return { protocolVersion: PROTOCOL_VERSION, type: 'error', callId, error: serializeError(error) };
    }
  }

  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
  return () => endpoint.removeEventListener('message', onMessage);
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

/** Handlers that wait for `ready` (e.g. storage opening) while the server already listens, so no call is lost. */
export function deferHandlers(ready: Promise<WorkerHandlers>): WorkerHandlers {
  const deferred: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const method of WORKER_METHODS) {
    deferred[method] = async (args) => ((await ready)[method] as (args: unknown) => unknown)(args);
  }
  return deferred as unknown as WorkerHandlers;
}

const WORKER_METHODS: readonly WorkerMethod[] = [
  'beginSnapshot',
  'appendChunk',
  'streamSnapshot',
  'heapWalking',
  'endSnapshot',
  'discardSnapshot',
  'compare',
  'render',
  'savedSnapshot',
  'restore',
  'clear',
] satisfies readonly WorkerMethod[];
