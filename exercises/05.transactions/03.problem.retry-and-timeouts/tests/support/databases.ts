/**
 * A second database for tests that need two. The harness gives each test file
 * one copy of the migrated template (DATABASE_URL); copyTestDatabase() makes
 * another, the same way.
 */
export { copyTestDatabase } from '@production-express/tools/testing/databases'
