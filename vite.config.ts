import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

// The manifest stays a plain JSON file (its `key` fixes the extension id, see src/shared/extension-id.ts).
const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));

export default defineConfig({
  plugins: [react(), crx({ manifest })],
  // Only the icons the manifest names ship; public/ also holds the script that draws them.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // The panel page is only named at runtime by chrome.devtools.panels.create, so crxjs cannot find it alone.
    rollupOptions: { input: { panel: 'src/panel/panel.html' } },
  },
  worker: { format: 'es' },
});
