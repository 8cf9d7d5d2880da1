import {
  beginAheadSemiDominators,
  computeDominatorsAhead,
  finishDominatorsAhead,
  reserveDominatorsAhead,
  stepSemiDominators,
} from '../core/index.ts';
import type * as Engine from '../core/index.ts';

export type DominatorEngine = Pick<
  typeof Engine,
  | 'beginAheadSemiDominators'
  | 'computeDominatorsAhead'
  | 'finishDominatorsAhead'
  | 'reserveDominatorsAhead'
  | 'stepSemiDominators'
>;

/** The engine functions a dominator helper calls; the dominator worker and the tests use this same set. */
export const dominatorEngine: DominatorEngine = {
  beginAheadSemiDominators,
  computeDominatorsAhead,
  finishDominatorsAhead,
  reserveDominatorsAhead,
  stepSemiDominators,
};
