/**
 * The panel's side of the worker RPC. Every call settles: with the result, with the worker's error re-thrown
 * here, or with a timeout. When the endpoint dies (a Worker `error` event, a port `close`), every pending call is
 * rejected and the next call starts a fresh endpoint — comlink's calls hang forever in that case; ours must not.
 */
import {
  PROTOCOL_VERSION,
  type ArgsOf,
  type CallMessage,
  type MessageEndpoint,
  type ProgressMessage,
  type ReplyMessage,
  type ResultOf,
  type SerializedError,
  type WorkerMethod,
} from './protocol.ts';

/** An error from the worker (its code and message preserved) or about the worker (timeout, died, protocol). */
export class WorkerCallError extends Error {
  override readonly name = 'WorkerCallError';
  constructor(
    /** The worker's own error code (e.g. `truncated`), or `timeout` / `worker-died` / `protocol`. */
    readonly code: string,
    message: string,
    readonly method: WorkerMethod,
  ) {
    super(message);
  }
}

export interface CallOptions {
  transfer?: Transferable[];
  timeoutMs?: number;
}

interface PendingCall {
  method: WorkerMethod;
  resolve(value: unknown): void;
  reject(error: WorkerCallError): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WorkerClientOptions {
  /** Default per-call timeout; parse and analysis of a big snapshot can take minutes, so callers raise it. */
  timeoutMs: number;
  /** Told when the endpoint died and its state (parsed snapshots) is gone. */
  onDeath?: (reason: string) => void;
}

export class WorkerClient {
  private endpoint: MessageEndpoint | undefined;
  private nextCallId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private detach: (() => void) | undefined;
  private readonly progressHandlers = new Set<(progress: ProgressMessage) => void>();

  constructor(
    private readonly createEndpoint: () => MessageEndpoint,
    private readonly options: WorkerClientOptions,
  ) {}

  call<M extends WorkerMethod>(method: M, args: ArgsOf<M>, options: CallOptions = {}): Promise<ResultOf<M>> {
    const endpoint = this.ensureEndpoint();
    const callId = this.nextCallId++;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(callId);
        reject(new WorkerCallError('timeout', `${method} did not answer within ${timeoutMs} ms`, method));
      }, timeoutMs);
      this.pending.set(callId, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      const message = {
        protocolVersion: PROTOCOL_VERSION,
        type: 'call',
        callId,
        method,
        args,
      } as CallMessage;
      try {
        endpoint.postMessage(message, options.transfer ?? []);
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(callId);
        reject(new WorkerCallError('protocol', `${method} could not be sent: ${String(error)}`, method));
      }
    });
  }

  /** Subscribes to the worker's progress messages; returns the unsubscribe function. */
  onProgress(handler: (progress: ProgressMessage) => void): () => void {
    this.progressHandlers.add(handler);
    return () => this.progressHandlers.delete(handler);
  }

  /** Number of calls still waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Rejects pending calls and stops the endpoint; a later call starts a new one. */
  dispose(reason = 'client disposed'): void {
    this.teardown(reason);
  }

  private ensureEndpoint(): MessageEndpoint {
    if (this.endpoint) return this.endpoint;
    const endpoint = this.createEndpoint();
    const onMessage = (event: MessageEvent): void => {
      const message = event.data as ReplyMessage | ProgressMessage;
      if (message.type === 'progress') {
        if (message.protocolVersion === PROTOCOL_VERSION)
          for (const handler of this.progressHandlers) handler(message);
      } else this.settle(message);
    };
    const onDead = (event: Event): void => {
      // ErrorEvent (a Worker's script failed) carries a message; a port's `close` event does not.
      const message = (event as Partial<ErrorEvent>).message;
      const reason = typeof message === 'string' && message ? message : `endpoint ${event.type}`;
      this.teardown(reason);
      this.options.onDeath?.(reason);
    };
    endpoint.addEventListener('message', onMessage);
    endpoint.addEventListener('error', onDead);
    endpoint.addEventListener('close', onDead);
    endpoint.start?.();
    this.detach = () => {
      endpoint.removeEventListener('message', onMessage);
      endpoint.removeEventListener('error', onDead);
      endpoint.removeEventListener('close', onDead);
    };
    this.endpoint = endpoint;
    return endpoint;
  }

  private settle(reply: ReplyMessage): void {
    const call = this.pending.get(reply.callId);
    if (!call) return; // Timed out earlier: the late answer is dropped.
    this.pending.delete(reply.callId);
    clearTimeout(call.timer);
    if (reply.protocolVersion !== PROTOCOL_VERSION) {
      call.reject(
        new WorkerCallError('protocol', `worker speaks protocol ${reply.protocolVersion}`, call.method),
      );
    } else if (reply.type === 'result') {
      call.resolve(reply.result);
    } else {
      call.reject(fromSerialized(reply.error, call.method));
    }
  }

  private teardown(reason: string): void {
    const endpoint = this.endpoint;
    this.detach?.();
    this.detach = undefined;
    this.endpoint = undefined;
    endpoint?.terminate?.();
    for (const [callId, call] of this.pending) {
      clearTimeout(call.timer);
      this.pending.delete(callId);
      call.reject(new WorkerCallError('worker-died', `the analysis worker stopped: ${reason}`, call.method));
    }
  }
}

function fromSerialized(error: SerializedError, method: WorkerMethod): WorkerCallError {
  const result = new WorkerCallError(error.code ?? 'internal', error.message, method);
  if (error.stack) result.stack = error.stack;
  return result;
}
