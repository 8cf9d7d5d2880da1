import { BROWSER_USAGE, LaunchUsageError, parseLaunchArgs } from './launch-options.ts';
import { startLeaksBrowser } from './launch-session.ts';
import type { LeaksBrowser } from './launch-session.ts';
import { errorMessage } from '../shared/error-message.ts';

/**
 * `leaks browser [url] [--demo] [--port N] [--headless]`: Chromium with the extension, DevTools open, a
 * remote-debugging port, and the relay the extension reaches Chromium's debugging pipe through. Runs until
 * Chromium closes or Ctrl-C; then cleans up.
 */
export async function runBrowser(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(BROWSER_USAGE);
    return 0;
  }
  let browser: LeaksBrowser;
  try {
    browser = await startLeaksBrowser(parseLaunchArgs(args));
  } catch (error) {
    console.error(`leaks browser: ${errorMessage(error)}`);
    if (error instanceof LaunchUsageError) console.error(`\n${BROWSER_USAGE}`);
    return error instanceof LaunchUsageError ? 2 : 1;
  }
  console.log(nextSteps(browser, args.includes('--demo')));

  const onSignal = (): void => {
    console.log('\nClosing Chromium and removing the temporary profile…');
    void browser.stop();
  };
  // `on`, not `once`: a second Ctrl-C during cleanup must not fall back to Node's default (exit at once and
  // leave the profile behind); stop() is idempotent.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await browser.chrome.exited;
    return await browser.stop();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function nextSteps(browser: LeaksBrowser, demo: boolean): string {
  const act = demo ? 'click "Price alerts" in the demo (the action)' : 'do the action you suspect leaks';
  const undo = demo ? 'close the "Price alerts" dialog (undo the action)' : 'undo the action';
  return [
    `Leaks is running in ${browser.browserVersion} (${browser.executable}).`,
    `  Page:      ${browser.url}`,
    `  Debugging: Chromium on 127.0.0.1:${browser.port}; the Leaks panel takes full heap snapshots through`,
    `             the relay on 127.0.0.1:${browser.relayPort} (open only to the extension) and Chromium's pipe.`,
    '',
    'Next:',
    browser.panelSelected
      ? '  1. DevTools is open at the bottom of the page, on the "Leaks" tab.'
      : '  1. DevTools is open at the bottom of the page. Pick the "Leaks" tab (third from the left, or behind »).',
    '  2. Click "Record baseline".',
    `  3. In the page, ${act}, then click "Record target".`,
    `  4. In the page, ${undo}, then click "Record final".`,
    '  5. Leaks shows what leaked, with retainer chains. "Export report" saves JSON, HTML or Markdown.',
    '',
    'Close Chromium or press Ctrl-C here to stop; the temporary profile is deleted.',
  ].join('\n');
}
