/**
 * A linear congruential generator in 32-bit integer arithmetic (Math.imul): the same inputs on every run, so a
 * failing case can be named by its seed. The parser's fuzz and number-scan suites draw from it.
 * reference-dominators.ts's seededRandom multiplies in doubles instead, which drops low bits and so gives another
 * sequence; its seeded graphs are kept as they are.
 */
export function imulRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}
