import type { FixtureExpectation } from '../fixtures/expectations.ts';

/**
 * Whether a text names the fixture's detached root the way the engine titles it: as the snapshot's element name
 * (`Detached <div class="price-ticker">`) or as a selector (`Detached div.price-ticker`).
 */
export function mentionsDetachedRoot(text: string, fixture: FixtureExpectation): boolean {
  const names = [fixture.detachedRoot, fixture.detachedRootSelector].filter((n): n is string => !!n);
  return names.some((name) => text.includes(`Detached ${name}`));
}
