// Browser tests (components/**/*.test.ts) in real headless Chromium, against the real server
// started by components/test-support/lodestone-server.mjs. `npm run test:browser` runs them.
import path from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { CHROMIUM } from './components/test-support/ensure-chromium.mjs';
import { lodestoneServerPlugin } from './components/test-support/lodestone-server.mjs';
import { summaryReporter } from './components/test-support/summary-reporter.mjs';

const ROOT = import.meta.dirname;
// Chromium writes its profile and caches under XDG dirs: keep them inside the project.
const XDG = path.join(ROOT, '.tmp', 'chromium');

export default {
  rootDir: ROOT,
  // The add-in's task pane: *.wtr.ts (addin/**/*.test.ts are Node tests).
  files: ['components/**/*.test.ts', 'addin/**/*.wtr.ts'],
  // Lit's development build: the tests check that it issues no warnings.
  nodeResolve: { exportConditions: ['development'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: path.join(ROOT, 'tsconfig.json'), target: 'es2022' }),
    lodestoneServerPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        env: {
          ...process.env,
          XDG_CONFIG_HOME: path.join(XDG, 'config'),
          XDG_CACHE_HOME: path.join(XDG, 'cache'),
        },
      },
    }),
  ],
  // Two cores: one test file at a time keeps the shared server and the browser responsive.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  // Around the virtualized board columns Chromium may report "ResizeObserver loop completed with
  // undelivered notifications": delivery moved to the next frame, nothing failed. Mocha would
  // fail whichever test is running on it, so this one notice is stopped before mocha's onerror
  // (a capture listener on window runs first). Every other error still fails the test.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>
      window.addEventListener(
        'error',
        (e) => {
          if (/^ResizeObserver loop completed/.test(e.message)) e.stopImmediatePropagation();
        },
        true,
      );
    </script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  // A guard against a hung file, not a timing assertion: generous for a loaded 2-core machine.
  testsFinishTimeout: 900000,
  reporters: [defaultReporter(), summaryReporter()],
};
