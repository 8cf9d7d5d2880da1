/**
 * The HTML report's only style sheet, inlined (the report is one file with no external resources, and its CSP
 * allows nothing else). Typography and colours follow DevTools: system UI font at 13px, monospace for heap
 * names and code, light and dark palettes through prefers-color-scheme.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f1f1f; --muted: #5f6368; --line: #dadce0; --panel: #f8f9fa; --header: #f1f3f4;
  --accent: #1a73e8; --danger: #c5221f; --danger-bg: #fce8e6; --ok: #188038; --ok-bg: #e6f4ea;
  --warn-bg: #fef7e0; --code: #881280; --loc: #1a73e8;
  --mono: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #202124; --fg: #e3e3e3; --muted: #9aa0a6; --line: #3c4043; --panel: #292a2d; --header: #35363a;
    --accent: #8ab4f8; --danger: #f28b82; --danger-bg: #3c2220; --ok: #81c995; --ok-bg: #1e3527;
    --warn-bg: #3a3420; --code: #e39ae8; --loc: #8ab4f8;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 1200px; padding: 24px 28px 48px;
  font: 13px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif;
  overflow-wrap: anywhere;
}
h1 { font-size: 20px; font-weight: 600; margin: 0 0 4px; }
h2 { font-size: 15px; font-weight: 600; margin: 32px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; font-weight: 600; margin: 0; }
p, dl { margin: 6px 0; }
.meta { color: var(--muted); }
.meta span + span::before { content: " · "; }
code, .mono, bdi, .loc, td.name { font-family: var(--mono); font-size: 12px; }
bdi { unicode-bidi: isolate; }
.notice { background: var(--warn-bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.bad .value { color: var(--danger); }
.card.good .value { color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--header); font-weight: 600; font-size: 12px; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.counts { width: auto; min-width: 360px; }
tbody tr:hover { background: var(--panel); }
.leak { border: 1px solid var(--line); border-radius: 8px; margin: 14px 0; overflow: hidden; }
.leak > header { display: flex; gap: 10px; align-items: baseline; background: var(--panel); padding: 10px 14px;
  border-bottom: 1px solid var(--line); }
.leak > .body { padding: 8px 14px 12px; }
.leak-id { font-family: var(--mono); color: var(--muted); }
.kind { font-size: 11px; border-radius: 10px; padding: 1px 8px; background: var(--header); white-space: nowrap; }
.kind-detached-dom, .kind-event-listener { background: var(--danger-bg); color: var(--danger); }
.facts { display: flex; flex-wrap: wrap; gap: 4px 22px; }
.facts dt { color: var(--muted); display: inline; }
.facts dd { display: inline; margin: 0 0 0 4px; font-weight: 600; font-variant-numeric: tabular-nums; }
ol.chain { margin: 8px 0; padding-left: 28px; }
ol.chain li { padding: 2px 0; }
ol.chain li::marker { color: var(--muted); font-family: var(--mono); font-size: 11px; }
.step-kind { display: inline-block; min-width: 96px; color: var(--muted); font-size: 11px; text-transform: uppercase;
  letter-spacing: .03em; }
.step-leak > bdi { color: var(--danger); font-weight: 600; }
.step-closure > bdi, .step-listener > bdi { color: var(--code); }
.loc { color: var(--loc); margin-left: 8px; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--accent); user-select: none; }
details[open] > summary { margin-bottom: 4px; }
.empty { color: var(--muted); font-style: italic; }
.delta-up { color: var(--danger); }
.delta-down { color: var(--ok); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
