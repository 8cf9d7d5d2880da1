import type { CdpEventHandler } from './connection.ts';

/** The event subscriptions of a CdpConnection: `on` returns the unsubscribe function, `emit` calls the handlers. */
export interface EventRegistry {
  on(event: string, handler: CdpEventHandler): () => void;
  emit(event: string, params: unknown): void;
}

export function createEventRegistry(): EventRegistry {
  const handlers = new Map<string, Set<CdpEventHandler>>();
  return {
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler);
      return () => set.delete(handler);
    },
    emit(event, params) {
      for (const handler of handlers.get(event) ?? []) handler(params);
    },
  };
}
