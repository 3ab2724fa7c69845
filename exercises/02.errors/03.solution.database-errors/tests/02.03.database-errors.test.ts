/**
 * 02.03 — database errors.
 *
 * The database is the source of truth: a unique constraint or a missing row is reported
 * by the write itself, and the error middleware translates Prisma's error in one place
 * (src/errors/prisma-errors.ts). Two requests racing each other get answers the client
 * can act on (422, 404), never a 500.
 *
 * How the races are made real: every query of these apps waits a few milliseconds first,
 * as it would across a network to a database server. SQLite in-process answers so fast
 * that two requests on one Node process almost never overlap; with a real database
 * server they overlap all the time.
 */
import request from 'supertest'
import { beforeAll, describe, expect, test } from 'vitest'
import { createPrismaClient } from '../src/db.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { buildApp } from './support/app.js'
import { auth, createArticle, registerUser, unique } from './support/factories.js'

/** Long enough for requests sent together to interleave, short enough to keep the tests quick. */
const LATENCY_MS = 5
const slowApp = await buildApp({ databaseLatencyMs: LATENCY_MS })

// What the step asks for, imported inside the tests so this file loads before it exists.
type AppErrorLike = Error & { status: number; code: string }
interface PrismaErrorsModule {
  fromPrismaError?: (error: unknown) => AppErrorLike | undefined
}

async function loadFromPrismaError(): Promise<NonNullable<PrismaErrorsModule['fromPrismaError']>> {
  const mod: PrismaErrorsModule | undefined = await import('../src/errors/prisma-errors.js').catch(() => undefined)
  expect(
    typeof mod?.fromPrismaError,
    '🚨 src/errors/prisma-errors.ts should export fromPrismaError(error): an AppError for the Prisma errors we understand, undefined for anything else',
  ).toBe('function')
  return mod!.fromPrismaError!
}

/** Each response as "status" (success) or "status message" (error), sorted: order is up to the race. */
function outcomes(responses: request.Response[]): string[] {
  return responses
    .map((response) => {
      const messages = (response.body as { errors?: { body?: string[] } } | undefined)?.errors?.body
      return response.status < 400
        ? String(response.status)
        : `${response.status} ${messages?.join(', ') ?? response.text}`
    })
    .sort()
}

describe('02.03 database errors', () => {
  test('three registrations with the same email at once: one 201, the others 422, never 500', async () => {
    const email = `${unique('twin')}@example.com`
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        request(slowApp)
          .post('/api/users')
          .send({ user: { username: unique('twin'), email, password: 'pw-twins' } }),
      ),
    )
    expect(
      outcomes(responses),
      '🚨 every request checked "is this email free?" before any of them inserted; the unique constraint stopped the late inserts (P2002), and nothing translated that: map P2002 on User.email to a 422 in src/errors/prisma-errors.ts and let the insert decide',
    ).toEqual(['201', '422 email has already been taken', '422 email has already been taken'])
  })

  test('two users claiming the same new username at once: one 200, the other 422', async () => {
    const bob = await registerUser(slowApp)
    const carol = await registerUser(slowApp)
    const username = unique('wanted')
    const responses = await Promise.all(
      [bob, carol].map((someone) =>
        request(slowApp).put('/api/user').set('Authorization', auth(someone.token)).send({ user: { username } }),
      ),
    )
    expect(
      outcomes(responses),
      '🚨 both updates passed the "is this username free?" check; the second UPDATE hit the unique constraint (P2002): map P2002 on User.username to 422 "username has already been taken"',
    ).toEqual(['200', '422 username has already been taken'])
  })

  test('deleting the same article twice at once: one 204, the other 404', async () => {
    const alice = await registerUser(slowApp)
    const article = await createArticle(slowApp, alice.token)
    const responses = await Promise.all(
      [1, 2].map(() =>
        request(slowApp).delete(`/api/articles/${article.slug}`).set('Authorization', auth(alice.token)),
      ),
    )
    expect(
      outcomes(responses),
      '🚨 both requests found the article, then the second DELETE found nothing to delete (P2025): map P2025 to a 404 "article not found"',
    ).toEqual(['204', '404 article not found'])
  })

  describe('fromPrismaError, on errors the database really raised', () => {
    let prisma: PrismaClient
    let user: { id: number; email: string; username: string }

    beforeAll(async () => {
      prisma = createPrismaClient(process.env.DATABASE_URL!)
      const name = unique('mapped')
      user = await prisma.user.create({
        data: { email: `${name}@example.com`, username: name, password: 'not-a-real-hash' },
      })
      return () => prisma.$disconnect()
    })

    type Expected = { status: number; code: string; message?: string } | undefined
    test.each<[what: string, provoke: () => Promise<unknown>, expected: Expected]>([
      [
        'a second user with a taken email (P2002)',
        () => prisma.user.create({ data: { email: user.email, username: unique('other'), password: 'x' } }),
        { status: 422, code: 'VALIDATION_FAILED', message: 'email has already been taken' },
      ],
      [
        'a second user with a taken username (P2002)',
        () =>
          prisma.user.create({
            data: { email: `${unique('other')}@example.com`, username: user.username, password: 'x' },
          }),
        { status: 422, code: 'VALIDATION_FAILED', message: 'username has already been taken' },
      ],
      [
        'renaming a user to a taken username (P2002 on update)',
        async () => {
          const other = await prisma.user.create({
            data: { email: `${unique('other')}@example.com`, username: unique('other'), password: 'x' },
          })
          return prisma.user.update({ where: { id: other.id }, data: { username: user.username } })
        },
        { status: 422, code: 'VALIDATION_FAILED', message: 'username has already been taken' },
      ],
      [
        'a second tag with the same name (P2002 elsewhere)',
        async () => {
          const name = unique('tag')
          await prisma.tag.create({ data: { name } })
          return prisma.tag.create({ data: { name } })
        },
        { status: 409, code: 'CONFLICT' },
      ],
      [
        'following the same profile twice (P2002 on a compound key)',
        async () => {
          await prisma.follow.create({ data: { followerId: user.id, followingId: user.id } })
          return prisma.follow.create({ data: { followerId: user.id, followingId: user.id } })
        },
        { status: 409, code: 'CONFLICT' },
      ],
      [
        'deleting an article that does not exist (P2025)',
        () => prisma.article.delete({ where: { id: 987654321 } }),
        { status: 404, code: 'NOT_FOUND', message: 'article not found' },
      ],
      [
        'updating a user that does not exist (P2025)',
        () => prisma.user.update({ where: { id: 987654321 }, data: { bio: 'nobody' } }),
        { status: 404, code: 'NOT_FOUND', message: 'user not found' },
      ],
      [
        'a comment on an article that does not exist (P2003): not ours to explain',
        () => prisma.comment.create({ data: { body: 'hello', articleId: 987654321, authorId: user.id } }),
        undefined,
      ],
      ['SQL the database cannot run: not ours to explain', () => prisma.$queryRawUnsafe('SELEC 1'), undefined],
      [
        'an error that never came from Prisma',
        () => Promise.reject(new Error('ECONNRESET while talking to something else')),
        undefined,
      ],
    ])('%s', async (_what, provoke, expected) => {
      const fromPrismaError = await loadFromPrismaError()
      const error: unknown = await provoke().then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(error, 'the database should have refused this (a broken test, not your code)').toBeDefined()

      const translated = fromPrismaError(error)
      if (expected === undefined) {
        expect(
          translated,
          '🚨 translate only the errors you understand; anything else stays an unexpected error (500, logged)',
        ).toBeUndefined()
        return
      }
      expect(translated, `🚨 fromPrismaError should turn this into a ${expected.status}`).toBeDefined()
      expect(
        {
          status: translated!.status,
          code: translated!.code,
          ...(expected.message ? { message: translated!.message } : {}),
        },
        `🚨 the Prisma error code (error.code) says what happened; for P2002 the fields are in error.meta (look at what the libSQL adapter puts there)`,
      ).toEqual(expected)
      expect(translated!.message, '🚨 the message is for the client: no Prisma internals').not.toMatch(
        /prisma|invocation|constraint|SQLITE|\n/i,
      )
      expect(translated!.cause, '🚨 keep the Prisma error as the cause, so the log still has it').toBe(error)
    })
  })
})
