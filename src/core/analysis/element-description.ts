import type { StringTable } from '../strings.ts';

/**
 * Turns Blink's element node name (`<div class="price-ticker" id="x">`, possibly with a `Detached ` prefix) into
 * the selector-like description users know from the Elements panel: `div#x.price-ticker`. Returns undefined for
 * names that are not elements.
 */
export function describeElement(name: string): string | undefined {
  const text = name.startsWith('Detached ') ? name.slice(9) : name;
  const match = /^<([A-Za-z][\w:-]*)([^>]*)>?/.exec(text);
  if (!match) return undefined;
  const tag = match[1].toLowerCase();
  const attributes = match[2] ?? '';
  const id = unescapeAttribute(/\bid="([^"]*)"/.exec(attributes)?.[1]);
  const classes = unescapeAttribute(/\bclass="([^"]*)"/.exec(attributes)?.[1]);
  let description = tag;
  if (id) description += `#${id}`;
  if (classes) {
    for (const cls of classes.trim().split(/\s+/).slice(0, 3)) if (cls) description += `.${cls}`;
  }
  return description;
}

/**
 * Per string index: 1 when the string names a DOM element (`<div …>`, `Detached <div …>`). Computed from the bytes
 * once, so per-node checks are an array lookup instead of a decode and a regex.
 */
export function elementNameFlags(strings: StringTable): Uint8Array {
  const detached = strings.matchPrefixes(['Detached <']);
  const flags = new Uint8Array(strings.length);
  const isLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
  for (let index = 0; index < strings.length; index++) {
    if (strings.byteAt(index, 0) === 0x3c) flags[index] = isLetter(strings.byteAt(index, 1)) ? 1 : 0;
    else if (detached[index] === 1) flags[index] = isLetter(strings.byteAt(index, 10)) ? 1 : 0;
  }
  return flags;
}

/** Blink escapes `& < > "` in the attribute values it puts into node names; show what the page wrote. */
function unescapeAttribute(value: string | undefined): string | undefined {
  return value
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
