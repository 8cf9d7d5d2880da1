/// <reference lib="webworker" />
// The dominator worker's entry, started by the analysis worker (analysis-worker.ts). Nothing else.
import { dominatorEngine } from './dominator-engine.ts';
import { serveDominatorJobs } from './dominator-server.ts';
import type { MessageEndpoint } from './protocol.ts';

serveDominatorJobs(self as unknown as MessageEndpoint, dominatorEngine);
