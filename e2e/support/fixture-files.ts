import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlaywrightConnection } from '../../src/cdp/playwright-connection.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import { writeSnapshotFile } from '../../test/support/write-snapshot-file.ts';
import { createPageClicker } from './page-input.ts';

/**
 * Saves baseline / target / final snapshots of a fixture page as files, the way a user would have them from
 * DevTools or `leaks browser`: load → baseline, #act → target, #undo → final, one CDP session for all three.
 * A separate plain Chromium, so the spec importing them starts from an empty panel.
 */
export async function snapshotFixtureToFiles(url: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'leaks-e2e-snapshots-'));
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(url);
    const conn = createPlaywrightConnection(await browser.context.newCDPSession(page));
    const clicker = await createPageClicker(page);
    const files: string[] = [];
    for (const [role, action] of [
      ['baseline', undefined],
      ['target', '#act'],
      ['final', '#undo'],
    ] as const) {
      if (action) await clicker.click(action);
      const file = join(dir, `${role}.heapsnapshot`);
      await writeSnapshotFile(conn, file);
      files.push(file);
    }
    return files;
  } finally {
    await browser.close();
  }
}
