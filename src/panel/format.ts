/** Number formatting for the panel's cards and tables. */

const UNITS = ['B', 'KB', 'MB', 'GB'];

export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '−' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatSignedBytes(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

export function formatSigned(count: number): string {
  return count > 0 ? `+${count}` : count < 0 ? `−${-count}` : '0';
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `page.html:11:43`, 1-based like editors (V8 reports 0-based lines and columns). */
export function formatLocation(location: { url?: string; scriptId: number; line: number; column: number }) {
  const file = location.url ? location.url.split('/').pop() || location.url : `script ${location.scriptId}`;
  return `${file}:${location.line + 1}:${location.column + 1}`;
}
