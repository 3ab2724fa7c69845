/**
 * 04.03 the HTTP contract, a second time: the same tests/contract/ files, unchanged, on
 * an app whose storage is the in-memory repositories (what `npm run dev:no-db` serves).
 *
 * useInMemoryRepositories() switches this file's getApp() before the contract files are
 * loaded; each of them then registers its tests here. A client cannot tell the two apps
 * apart: if one of these fails and its twin in tests/contract/ passes, the in-memory
 * repositories (or the app's wiring of them) break a promise the Prisma ones keep.
 */
import request from 'supertest'
import { afterAll, beforeEach, expect, vi } from 'vitest'
import { createPrismaClient } from '../src/db.js'
import { getApp, useInMemoryRepositories } from './support/app.js'
import { unique } from './support/factories.js'

// Test files may share a worker (isolate: false): forget the modules loaded before this
// file, so the contract files below run again (registering their tests here) on a
// support/app.ts of this file's own; and forget them after, so the next file in the
// worker gets the database app again.
vi.hoisted(() => vi.resetModules())
afterAll(() => vi.resetModules())

useInMemoryRepositories()

// First, that the app under test really keeps its data in memory: a user registered
// through it is not in this file's database. Checked once; until it holds, every
// contract test below fails with its message (a test that needs no storage, like a 422,
// would otherwise pass on an app that never got the repositories).
const database = createPrismaClient(process.env.DATABASE_URL!)
afterAll(() => database.$disconnect())
let inMemory: Promise<void> | undefined
async function checkInMemory(): Promise<void> {
  const name = unique('memory')
  const response = await request(await getApp())
    .post('/api/users')
    .send({ user: { username: name, email: `${name}@example.com`, password: 'pw-memory' } })
  expect(
    response.status,
    `🚨 createApp({ config, repositories: createMemoryRepositories() }) should serve the API on those repositories: ${response.text.slice(0, 200)}`,
  ).toBe(201)
  expect(
    await database.user.count({ where: { username: name } }),
    '🚨 the app given in-memory repositories wrote to the database: build every service from deps.repositories',
  ).toBe(0)
}
beforeEach(() => (inMemory ??= checkInMemory()))

await import('./contract/users.test.js')
await import('./contract/profiles.test.js')
await import('./contract/articles.test.js')
await import('./contract/comments.test.js')
await import('./contract/favorites.test.js')
await import('./contract/tags.test.js')
