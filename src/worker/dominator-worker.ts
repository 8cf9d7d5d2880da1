/// <reference lib="webworker" />
// The dominator thread's entry (dominator-thread.ts). Nothing else.
import { serveDominatorRequests } from './dominator-thread.ts';

serveDominatorRequests(self);
