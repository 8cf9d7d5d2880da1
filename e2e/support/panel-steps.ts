import type { CDPSession } from 'playwright-core';
import { waitUntil, type LeaksPanel } from './devtools-driver.ts';
import type { PanelSession } from './panel-session.ts';
import { createPageClicker } from './page-input.ts';

/** Truthy in the panel once the Record button of `role` shows a finished checkpoint. */
export const recorded = (role: string): string => `[...document.querySelectorAll('button.record')]
  .find((b) => b.textContent.trim() === 'Record ${role}')?.dataset.state === 'done'`;

export const ALERT_TEXT = `document.querySelector('[role=alert]')?.textContent`;
export const CHECKPOINTS_TEXT = `document.querySelector('.checkpoints')?.textContent ?? ''`;
export const REPORT_SHOWN = `!!document.querySelector('.cards') && !document.querySelector('.banner')`;
/** Truthy once the panel has found a trusted endpoint (full snapshots). */
export const TRUSTED_MODE = `!!document.querySelector('.status .source-trusted')`;

export async function waitForTrustedMode(panel: LeaksPanel): Promise<void> {
  await panel.waitFor('trusted mode', TRUSTED_MODE);
}

/** The opening of the full-mode fault specs: trusted mode, then the baseline; returns its checkpoint list. */
export async function recordTrustedBaseline(panel: LeaksPanel, timeoutMs?: number): Promise<string> {
  await waitForTrustedMode(panel);
  await recordCheckpoint(panel, 'baseline', timeoutMs);
  return panel.panel.evaluate<string>(CHECKPOINTS_TEXT);
}

/** Reloads the panel's document and waits for the new one (the marker proves it was replaced). */
export async function reloadPanel(panel: LeaksPanel): Promise<void> {
  await panel.panel.evaluate('window.beforeReload = true; location.reload(); true');
  await waitUntil('the reloaded panel', () =>
    panel.panel.evaluate<boolean>(`!window.beforeReload && !!document.querySelector('.toolbar')`),
  );
}

/** Clicks Record `role` and waits for the checkpoint. */
export async function recordCheckpoint(panel: LeaksPanel, role: string, timeoutMs = 45_000): Promise<void> {
  await panel.click(`Record ${role}`, () => panel.recordState(role).then((s) => s !== 'pending'));
  await panel.waitFor(`the ${role} checkpoint`, recorded(role), timeoutMs);
}

/**
 * Grows the inspected page's heap so the next snapshot takes seconds and a fault lands inside it. One session
 * for the whole test, never detached (detaching resets V8's heap object ids).
 */
export async function addBallast(session: PanelSession, objects = 400_000): Promise<CDPSession> {
  const page = await session.browser.context.newCDPSession(session.browser.page);
  await page.send('Runtime.evaluate', {
    expression: `window.ballast = Array.from({ length: ${objects} }, (_, i) => ({ i, label: "item " + i }))`,
  });
  return page;
}

/** Starts Record `role` and waits until Chrome streams the snapshot (bytes received shown). */
export async function startSnapshot(panel: LeaksPanel, role: string): Promise<void> {
  await panel.click(`Record ${role}`, () => panel.recordState(role).then((s) => s === 'busy'));
  await panel.waitFor(
    'the snapshot to stream',
    `/received/.test(document.querySelector('.banner')?.textContent ?? '')`,
  );
}

/**
 * Record baseline → click #act → Record target → click #undo → Record final, each checkpoint waited for. Quick
 * and full mode alike.
 */
export async function recordActUndoSteps(session: PanelSession, timeoutMs?: number): Promise<void> {
  const pageClicker = await createPageClicker(session.browser.page);
  for (const [role, action] of [
    ['baseline', undefined],
    ['target', '#act'],
    ['final', '#undo'],
  ] as const) {
    if (action) await pageClicker.click(action);
    await recordCheckpoint(session.panel, role, timeoutMs);
  }
}

/**
 * The recipe every full-mode spec follows on a fixture page: wait for the trusted connection, then the three
 * checkpoints around the action, and wait for the report.
 */
export async function recordActUndo(session: PanelSession): Promise<void> {
  await waitForTrustedMode(session.panel);
  await recordActUndoSteps(session);
  await session.panel.waitFor('the report', REPORT_SHOWN);
}
