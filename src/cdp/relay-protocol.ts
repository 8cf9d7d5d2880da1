/**
 * What the panel and `leaks browser`'s relay (src/cli/relay-server.ts) agree on. The relay answers /json/version
 * with RELAY_MARKER; a panel that sees it opens its page session with `?stream=<token>` and may then read each
 * snapshot's bytes from `SNAPSHOT_STREAM_PATH + token` instead of receiving them as CDP chunk events.
 */
export const RELAY_MARKER = 'Leaks-Relay';
export const SNAPSHOT_STREAM_PATH = '/leaks/snapshot-stream/';
