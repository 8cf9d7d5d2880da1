import type { TargetSession } from './target-session.ts';

interface AttachedEvent {
  sessionId: string;
  targetInfo: { type: string; url: string };
}

/**
 * Evaluates `expression` in the panel's analysis worker and gives its value. The worker is reached as an
 * auto-attached child of the panel's own CDP session (the worker lives in the panel, not in the inspected page, so
 * attaching to it does not touch the page's heap object ids).
 */
export async function evaluateInAnalysisWorker<T>(panel: TargetSession, expression: string): Promise<T> {
  const attached = new Promise<string>((resolve) => {
    const stop = panel.onEvent((method, params) => {
      const event = params as AttachedEvent;
      if (method === 'Target.attachedToTarget' && event.targetInfo.type === 'worker') {
        stop();
        resolve(event.sessionId);
      }
    });
  });
  await panel.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const sessionId = await attached;
  const message = JSON.stringify({
    id: 1,
    method: 'Runtime.evaluate',
    params: { expression, returnByValue: true },
  });
  const replied = new Promise<unknown>((resolve) => {
    const stop = panel.onEvent((method, params) => {
      const event = params as { sessionId: string; message: string };
      if (method !== 'Target.receivedMessageFromTarget' || event.sessionId !== sessionId) return;
      const received = JSON.parse(event.message) as { id?: number };
      if (received.id !== 1) return; // an event of the worker's (Inspector.workerScriptLoaded)
      stop();
      resolve(received);
    });
  });
  await panel.send('Target.sendMessageToTarget', { sessionId, message });
  const reply = (await replied) as { error?: { message: string }; result?: { result?: { value?: T } } };
  if (reply.error) throw new Error(`the worker refused the evaluation: ${reply.error.message}`);
  return reply.result?.result?.value as T;
}

/**
 * Makes the panel's analysis worker fail the way a real crash reaches the panel: an uncaught exception in the
 * worker's global scope, which fires `error` on the Worker object.
 */
export async function crashAnalysisWorker(panel: TargetSession): Promise<void> {
  await evaluateInAnalysisWorker(
    panel,
    `setTimeout(() => { throw new Error('injected worker crash'); }, 0); true`,
  );
}
