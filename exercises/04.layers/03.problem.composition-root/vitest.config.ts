import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Builds the migrated template database once per run...
    globalSetup: ['@production-express/tools/testing/global-setup'],
    // ...and gives every test file its own copy of it, so files run in parallel.
    setupFiles: ['@production-express/tools/testing/database'],
    // Vitest leaves one core idle by default; these tests mostly wait on SQLite.
    maxWorkers: '100%',
  },
})
