/**
 * The extension id is fixed by the public `key` in manifest.json (id = first 128 bits of SHA-256 of the key,
 * hex digits mapped to a–p). The launcher needs it for `--remote-allow-origins=chrome-extension://<id>`.
 */
export const EXTENSION_ID = 'ehmkebcgddcgebelbgbafjjfobgbogpk';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
