export { findPrismaFolder, clientOutputFor, databaseUrl, DEFAULT_DATABASE_URL } from './paths.js'
export { withScriptSupport } from './script-support.js'
