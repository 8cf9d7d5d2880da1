import { generateFixtureSnapshots } from './support/fixture-snapshots.ts';

/** Generous: a cold run takes well under a minute on 2 cores; this only guards against a hung browser. */
const SETUP_TIMEOUT_MS = 120_000;

/**
 * Vitest global setup: makes the fixture heap snapshots tests read through `fixtureSnapshot(page, role)`.
 * Cached by page source hash, so warm runs do not start a browser.
 */
export async function setup(): Promise<void> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Fixture snapshot generation took more than ${SETUP_TIMEOUT_MS / 1000} s`)),
      SETUP_TIMEOUT_MS,
    );
  });
  try {
    const { captured, log } = await Promise.race([generateFixtureSnapshots(), timeout]);
    if (captured.length > 0) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`[fixtures] captured ${captured.join(', ')} in ${seconds} s\n  ${log.join('\n  ')}`);
    }
  } finally {
    clearTimeout(timer);
  }
}

// Also runnable on its own: `npx tsx test/global-setup.ts`.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await setup();
}
