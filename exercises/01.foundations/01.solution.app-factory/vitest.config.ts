import { StepSequencer } from '@production-express/tools/testing/step-files'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds the migrated template database once per run...
    globalSetup: ['@production-express/tools/testing/global-setup'],
    // ...and gives each test worker a copy of it (DATABASE_URL) before any test file loads.
    setupFiles: ['@production-express/tools/testing/database'],
    // A worker runs its test files one after another in one process, sharing the app
    // and the database: loading the app once per worker instead of once per file is
    // most of the run's time saved. The tests allow it: each makes its own data.
    isolate: false,
    // Vitest leaves one core idle by default; these tests mostly wait on SQLite.
    maxWorkers: '100%',
    // What the app logs is shown for a failing test only, under its 🚨 line.
    silent: 'passed-only',
    // This step's practice tests start first, and the run ends with a summary that
    // puts them first: see tools/src/testing/step-reporter.ts.
    sequence: { sequencer: StepSequencer },
    reporters: ['@production-express/tools/testing/step-reporter'],
  },
})
