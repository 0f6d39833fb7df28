// End-to-end: Debian's Chromium (Playwright cannot download a browser here) against the
// release collector and the release widget, as they ship.
import { defineConfig } from '@playwright/test';

export const COLLECTOR = 'http://127.0.0.1:18080';
export const HOST = 'http://localhost:18081'; // another origin than the collector
export const DATABASE = 'tests/e2e/results/e2e.db';
export const ADMIN_PASSWORD = 'e2e-inbox-password';
export const RECORDER = 'http://127.0.0.1:18082'; // a brand's own post-level endpoint
export const LEPTOS_APP = 'http://localhost:18084'; // examples/leptos-app, built by `make test-e2e`

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: 'results/artifacts',
  workers: 1,
  timeout: 30_000,
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      // A fresh database for every run.
      command: `rm -f ${DATABASE} ${DATABASE}-wal ${DATABASE}-shm && exec target/server/chapeau-collector`
        + ` --listen 127.0.0.1:18080 --database sqlite://${DATABASE} --sites tests/e2e/sites.toml --static-dir dist`
        // Every test posts from 127.0.0.1: a per-address limit is not what these tests check.
        + ` --admin-password ${ADMIN_PASSWORD} --max-per-ip-per-minute 1000`,
      cwd: '../..',
      url: `${COLLECTOR}/embed.js`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node host-server.mjs',
      url: `${HOST}/brand.html`,
      reuseExistingServer: false,
    },
    {
      command: 'node host-server.mjs ../../examples/leptos-app/dist 18084',
      url: `${LEPTOS_APP}/`,
      reuseExistingServer: false,
    },
    {
      command: 'node recorder.mjs',
      url: `${RECORDER}/records`,
      reuseExistingServer: false,
    },
  ],
});
