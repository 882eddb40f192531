/**
 * Browser tests of the course site against the production build, served by the Operable server as
 * `npm start` serves it (it builds the site first when the build is stale).
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './chromium.ts';

const PORT = Number(process.env.OPERABLE_TEST_PORT ?? 4399);
/** The launch key the server is started with; every test's browser holds its cookie, as after opening the printed link. */
const LAUNCH_KEY = 'browser-tests-launch-key-0123456789abcdefghijkl';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../.operable/browser-test-output',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    viewport: { width: 1440, height: 900 },
    storageState: {
      cookies: [{ name: 'operable_key', value: LAUNCH_KEY, domain: 'localhost', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }],
      origins: [],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // Started with node directly, never through npm, so stopping it stops the server.
    command: 'node src/server/main.ts',
    cwd: '../..',
    env: { PORT: String(PORT), ASTRO_TELEMETRY_DISABLED: '1', OPERABLE_LAUNCH_KEY: LAUNCH_KEY },
    url: `http://localhost:${PORT}/livez`,
    timeout: 240_000,
    reuseExistingServer: false,
    // SIGTERM, not Playwright's default SIGKILL: the server then stops the lab services it started,
    // which live in process groups of their own and would otherwise outlive it.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
