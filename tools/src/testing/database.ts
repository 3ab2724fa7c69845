/**
 * Runs before each test file: gives the file its own copy of the migrated
 * template database and points DATABASE_URL at it, before the app is imported.
 */
import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'
import { copyTemplateDatabase } from './template-database.js'

const database = copyTemplateDatabase(inject('templateDatabase'), path.join(os.tmpdir(), 'production-express', 'run'))
process.env.DATABASE_URL = database.url

afterAll(() => database.remove())
