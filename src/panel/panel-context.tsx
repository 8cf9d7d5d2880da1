/**
 * The React binding: the entry creates the store, controller and host and passes them down through context
 * (no module-level singletons). Components select slices of the store with usePanelState.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PanelHost } from './panel-host.ts';
import type { PanelState, PanelStore } from './state/panel-store.ts';
import type { SessionController } from './state/session-controller.ts';

export interface PanelServices {
  store: PanelStore;
  controller: SessionController;
  host: Pick<PanelHost, 'openResource' | 'extensionId'>;
}

const PanelContext = createContext<PanelServices | null>(null);

export function PanelProvider({ services, children }: { services: PanelServices; children: ReactNode }) {
  return <PanelContext.Provider value={services}>{children}</PanelContext.Provider>;
}

export function usePanelServices(): PanelServices {
  const services = useContext(PanelContext);
  if (!services) throw new Error('usePanelServices outside PanelProvider');
  return services;
}

export function usePanelState<T>(selector: (state: PanelState) => T): T {
  return useStore(usePanelServices().store, selector);
}
