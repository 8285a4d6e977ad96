import { configDefaults, defineConfig } from 'vitest/config';

// One run over every package. Workspace packages resolve to their TypeScript sources
// through the "source" export condition, so tests never need a build.
const BROWSER = 'apps/web/src/**/*.browser.test.ts';
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts', 'scripts/*.test.mjs'],
          exclude: [...configDefaults.exclude, BROWSER],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The web debugger in headless Chromium: after every other test, one file at a
        // time, since they measure the page's latency and need the machine to themselves.
        extends: true,
        // expect.poll waits up to 15 s (not 1 s): a page's answer on a loaded 2-core machine
        // can take seconds; what a test measures it measures itself, never by this timeout.
        test: { name: 'browser', include: [BROWSER], fileParallelism: false, sequence: { groupOrder: 1 }, expect: { poll: { timeout: 15_000 } } },
      },
    ],
  },
});
