import { computeDominatorsAhead, finishDominatorsAhead, reserveDominatorsAhead } from '../core/index.ts';
import type * as Engine from '../core/index.ts';

export type DominatorEngine = Pick<
  typeof Engine,
  'computeDominatorsAhead' | 'finishDominatorsAhead' | 'reserveDominatorsAhead'
>;

/** The engine functions a dominator helper calls; the dominator worker and the tests use this same set. */
export const dominatorEngine: DominatorEngine = {
  computeDominatorsAhead,
  finishDominatorsAhead,
  reserveDominatorsAhead,
};
