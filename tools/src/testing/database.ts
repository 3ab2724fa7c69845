/**
 * Runs before each test file: gives the file its own copy of the migrated
 * template database and points DATABASE_URL at it, before the app is imported.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'
import { copyTemplateDatabase } from './template-database.js'

// Where Linux has a memory-backed /dev/shm, copies live there: SQLite syncs to disk
// on every commit, and tests gain nothing from surviving a power cut.
const scratch = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir()
const database = copyTemplateDatabase(inject('templateDatabase'), path.join(scratch, 'production-express', 'run'))
process.env.DATABASE_URL = database.url

afterAll(() => database.remove())
