/**
 * Runs before each test file: gives the file its own copy of the migrated
 * template database and points DATABASE_URL at it, before the app is imported.
 */
import { afterAll } from 'vitest'
import { copyTestDatabase } from './databases.js'

const database = copyTestDatabase()
process.env.DATABASE_URL = database.url

afterAll(() => database.remove())
