import type { CDPSession } from 'playwright-core';

interface ReceivedMessage {
  sessionId: string;
  message: string;
}

interface CdpReply {
  id?: number;
  result?: unknown;
  error?: { message: string };
  method?: string;
  params?: unknown;
}

/**
 * A CDP session to one target (the DevTools window, the extension panel iframe) tunnelled through the browser
 * session with Target.sendMessageToTarget: Playwright's CDPSession does not route flattened child sessions
 * (DESIGN.md §7), so the child is attached with `flatten: false`.
 */
export class TargetSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(method: string, params: unknown) => void>();

  private constructor(
    private readonly browser: CDPSession,
    readonly sessionId: string,
    readonly targetId: string,
  ) {
    browser.on('Target.receivedMessageFromTarget', (event: ReceivedMessage) => {
      if (event.sessionId !== this.sessionId) return;
      const reply = JSON.parse(event.message) as CdpReply;
      if (reply.id !== undefined) {
        const call = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error) call?.reject(new Error(reply.error.message));
        else call?.resolve(reply.result);
      } else if (reply.method) {
        for (const listener of this.listeners) listener(reply.method, reply.params);
      }
    });
    browser.on('Target.detachedFromTarget', (event: { sessionId: string }) => {
      if (event.sessionId !== this.sessionId) return;
      for (const call of this.pending.values()) call.reject(new Error(`target ${targetId} detached`));
      this.pending.clear();
    });
  }

  static async attach(browser: CDPSession, targetId: string): Promise<TargetSession> {
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: false });
    return new TargetSession(browser, sessionId, targetId);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const message = JSON.stringify({ id, method, params });
      this.browser.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message }).catch(reject);
    });
  }

  onEvent(listener: (method: string, params: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Evaluates an expression (awaiting promises) and returns its JSON value; page errors become exceptions. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (result.exceptionDetails) {
      const { text, exception } = result.exceptionDetails;
      throw new Error(`${text} ${exception?.description ?? ''}`.trim());
    }
    return result.result.value as T;
  }
}
