import { defineConfig } from '@playwright/test';

// The specs launch their own Chromium with the built extension (e2e/support), so no `use.browserName` here.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
});
