/**
 * 02.03 — database errors.
 *
 * The database is the source of truth: a unique constraint or a missing row is reported
 * by the write itself, and the error middleware translates Prisma's error in one place
 * (src/errors/prisma-errors.ts). Two requests racing each other get answers the client
 * can act on (422, 404), never a 500.
 *
 * How the races are made real: the racing app holds back the writes that race until
 * every request has reached its own (tests/support/races.ts), as happens under load when
 * the database is a network hop away. Whatever each request checked before, the writes
 * meet at the database together, every time.
 *
 * How the tests know the look-ups are gone: they watch the queries the app makes (a
 * Prisma query extension) and look for any that asks about the email or username before
 * the write.
 */
import type { Express } from 'express'
import request from 'supertest'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { createPrismaClient } from '../src/db.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { buildApp, getApp, type QueryEvent } from './support/app.js'
import { auth, createArticle, createComment, registerUser, unique } from './support/factories.js'
import { rendezvous, writesTo } from './support/races.js'

const app = await getApp()

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

/**
 * Sends the requests at once to an app of their own, whose writes to `model` wait until
 * every request has reached its write. Returns the outcomes, and what the app logged.
 */
async function race(
  model: string,
  sends: Array<(app: Express) => request.Test>,
): Promise<{ outcomes: string[]; logged: string[] }> {
  const meeting = rendezvous(sends.length, writesTo(model))
  const logger = { error: vi.fn() }
  const racing = await buildApp({ beforeQuery: meeting.beforeQuery, logger })
  const responses = await Promise.all(sends.map((send) => send(racing)))
  const logged = logger.error.mock.calls.map((args: unknown[]) =>
    args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message.trim()}` : String(arg))).join(' '),
  )
  return { outcomes: outcomes(responses), logged }
}

const NOT_PAGED =
  '🚨 a request that lost a race was answered as designed: nothing unexpected happened, so nothing is logged as an error (translate in the error middleware, before it decides what is unexpected)'

/** The queries one request made before its first write to User, and any of them that mention `values`. */
function asksBeforeWriting(queries: QueryEvent[], values: string[]): string[] {
  const firstWrite = queries.findIndex(writesTo('User'))
  const before = firstWrite < 0 ? queries : queries.slice(0, firstWrite)
  return before
    .filter((query) => values.some((value) => JSON.stringify(query.args ?? null).includes(value)))
    .map((query) => `${query.model ?? 'raw'}.${query.operation} ${JSON.stringify(query.args)}`)
}

describe('02.03 database errors', () => {
  describe('racing requests get answers the client can act on', () => {
    test('three registrations with one email at once: one 201, the others 422 "email has already been taken"', async () => {
      const email = `${unique('twin')}@example.com`
      const register = () => (racing: Express) =>
        request(racing)
          .post('/api/users')
          .send({ user: { username: unique('twin'), email, password: 'pw-twins' } })
      const { outcomes, logged } = await race('User', [register(), register(), register()])
      expect(
        outcomes,
        '🚨 all three inserts reached the database together; the unique index refused two of them (P2002 on User.email), and nothing translated that: map it to 422 "email has already been taken" in src/errors/prisma-errors.ts, and call fromPrismaError in the error middleware',
      ).toEqual(['201', '422 email has already been taken', '422 email has already been taken'])
      expect(logged, NOT_PAGED).toEqual([])
    })

    test('two app instances on one database, registering one email at once: one 201, the other 422', async () => {
      // Production runs more than one process on one database: whatever one process does
      // to keep its own requests apart (a lock, a queue), the other process never sees it.
      const email = `${unique('twin')}@example.com`
      const meeting = rendezvous(2, writesTo('User'))
      const logger = { error: vi.fn() }
      const instances = [
        await buildApp({ beforeQuery: meeting.beforeQuery, logger }),
        await buildApp({ beforeQuery: meeting.beforeQuery, logger }),
      ]
      const responses = await Promise.all(
        instances.map((instance) =>
          request(instance)
            .post('/api/users')
            .send({ user: { username: unique('twin'), email, password: 'pw-twins' } }),
        ),
      )
      expect(
        outcomes(responses),
        '🚨 two instances of the app checked the email at the same moment, both heard "free", and both inserted: only the database sees both, so only its refusal (P2002, translated to 422) can answer the second',
      ).toEqual(['201', '422 email has already been taken'])
      expect(logger.error.mock.calls, NOT_PAGED).toEqual([])
    })

    test('two registrations with one username at once: one 201, the other 422 "username has already been taken"', async () => {
      const username = unique('twin')
      const register = () => (racing: Express) =>
        request(racing)
          .post('/api/users')
          .send({ user: { username, email: `${unique('twin')}@example.com`, password: 'pw-twins' } })
      const { outcomes, logged } = await race('User', [register(), register()])
      expect(
        outcomes,
        '🚨 the second insert broke the unique index on User.username (P2002): the message names the field that clashed, which the error carries (error.meta), so it cannot be the same for email and username',
      ).toEqual(['201', '422 username has already been taken'])
      expect(logged, NOT_PAGED).toEqual([])
    })

    test('two users taking one new username at once: one 200, the other 422 "username has already been taken"', async () => {
      const bob = await registerUser(app)
      const carol = await registerUser(app)
      const username = unique('wanted')
      const { outcomes, logged } = await race(
        'User',
        [bob, carol].map(
          (someone) => (racing: Express) =>
            request(racing).put('/api/user').set('Authorization', auth(someone.token)).send({ user: { username } }),
        ),
      )
      expect(
        outcomes,
        '🚨 both updates reached the database together, and the second hit the unique index on User.username (P2002 on an update): 422 "username has already been taken"',
      ).toEqual(['200', '422 username has already been taken'])
      expect(logged, NOT_PAGED).toEqual([])
    })

    test('two users taking one new email at once: one 200, the other 422 "email has already been taken"', async () => {
      const bob = await registerUser(app)
      const carol = await registerUser(app)
      const email = `${unique('wanted')}@example.com`
      const { outcomes, logged } = await race(
        'User',
        [bob, carol].map(
          (someone) => (racing: Express) =>
            request(racing).put('/api/user').set('Authorization', auth(someone.token)).send({ user: { email } }),
        ),
      )
      expect(
        outcomes,
        '🚨 the second update hit the unique index on User.email (P2002 on an update): 422 "email has already been taken"',
      ).toEqual(['200', '422 email has already been taken'])
      expect(logged, NOT_PAGED).toEqual([])
    })

    test('deleting one article twice at once: one 204, the other 404 "article not found"', async () => {
      const alice = await registerUser(app)
      const article = await createArticle(app, alice.token)
      const remove = (racing: Express) =>
        request(racing).delete(`/api/articles/${article.slug}`).set('Authorization', auth(alice.token))
      const { outcomes, logged } = await race('Article', [remove, remove])
      expect(
        outcomes,
        '🚨 both requests found the article, then the second DELETE found nothing to delete (P2025): map P2025 to a 404 whose message names the model the error is about (error.meta.modelName)',
      ).toEqual(['204', '404 article not found'])
      expect(logged, NOT_PAGED).toEqual([])
    })

    test('deleting one comment twice at once: one 204, the other 404 "comment not found"', async () => {
      const alice = await registerUser(app)
      const article = await createArticle(app, alice.token)
      const comment = await createComment(app, alice.token, article.slug)
      const remove = (racing: Express) =>
        request(racing)
          .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
          .set('Authorization', auth(alice.token))
      const { outcomes, logged } = await race('Comment', [remove, remove])
      expect(
        outcomes,
        '🚨 the second DELETE found no comment to delete (P2025 on Comment): the 404 should say "comment not found" — take the model from the error (error.meta.modelName), do not assume an article',
      ).toEqual(['204', '404 comment not found'])
      expect(logged, NOT_PAGED).toEqual([])
    })
  })

  describe('the write decides: no look-up first', () => {
    test('registering asks nothing about the email or username before the insert', async () => {
      const queries: QueryEvent[] = []
      const watched = await buildApp({ beforeQuery: (query) => void queries.push(query) })
      const username = unique('fresh')
      const email = `${username}@example.com`
      const response = await request(watched)
        .post('/api/users')
        .send({ user: { username, email, password: 'pw-fresh' } })
      expect(response.status, `🚨 registering should still work: ${response.text}`).toBe(201)

      const asked = asksBeforeWriting(queries, [email, username])
      expect(
        asked,
        `🚨 "is this email/username taken?" before the insert is the race: another request can take it in between. Delete the look-ups and let the unique index refuse (P2002):\n${asked.slice(0, 3).join('\n')}`,
      ).toEqual([])
    })

    test('updating the current user asks nothing about the new email or username before the update', async () => {
      const someone = await registerUser(app)
      const queries: QueryEvent[] = []
      const watched = await buildApp({ beforeQuery: (query) => void queries.push(query) })
      const username = unique('renamed')
      const email = `${username}@example.com`
      const response = await request(watched)
        .put('/api/user')
        .set('Authorization', auth(someone.token))
        .send({ user: { username, email } })
      expect(response.status, `🚨 updating should still work: ${response.text}`).toBe(200)

      const asked = asksBeforeWriting(queries, [email, username])
      expect(
        asked,
        `🚨 the same check-then-write race as on registration: delete the look-ups and let the update decide (P2002). Keeping one's own email or username violates nothing:\n${asked.slice(0, 3).join('\n')}`,
      ).toEqual([])
    })
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

    /** `mentions`: a word the message must contain, so the client learns what conflicts. */
    type Expected = { status: number; code: string; message?: string; mentions?: string } | undefined
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
        { status: 409, code: 'CONFLICT', mentions: 'tag' },
      ],
      [
        'following the same profile twice (P2002 on a compound key)',
        async () => {
          await prisma.follow.create({ data: { followerId: user.id, followingId: user.id } })
          return prisma.follow.create({ data: { followerId: user.id, followingId: user.id } })
        },
        { status: 409, code: 'CONFLICT', mentions: 'follow' },
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
        'deleting a comment that does not exist (P2025)',
        () => prisma.comment.delete({ where: { id: 987654321 } }),
        { status: 404, code: 'NOT_FOUND', message: 'comment not found' },
      ],
      [
        'a comment on an article that does not exist (P2003): not ours to explain',
        () => prisma.comment.create({ data: { body: 'hello', articleId: 987654321, authorId: user.id } }),
        undefined,
      ],
      [
        'the same P2002 with its message reworded: the code and meta say what happened, not the words',
        () =>
          prisma.user
            .create({ data: { email: user.email, username: unique('other'), password: 'x' } })
            .catch((error: Error) => {
              error.message = 'the write was refused'
              throw error
            }),
        { status: 422, code: 'VALIDATION_FAILED', message: 'email has already been taken' },
      ],
      [
        "a plain Error that only copies Prisma's words: not a Prisma error",
        () =>
          Promise.reject(
            new Error(
              'Invalid `prisma.user.create()` invocation:\n\nUnique constraint failed on the fields: (`email`)',
            ),
          ),
        undefined,
      ],
      ['SQL the database cannot run: not ours to explain', () => prisma.$queryRawUnsafe('SELEC 1'), undefined],
      [
        'an error that never came from Prisma',
        () => Promise.reject(new Error('ECONNRESET while talking to something else')),
        undefined,
      ],
      // Code can throw anything at all; the translator must not be the thing that breaks.
      ['a thrown string', () => Promise.reject('ECONNRESET'), undefined],
      ['a thrown null', () => Promise.reject(null), undefined],
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
      const { mentions, ...shape } = expected
      if (mentions) {
        expect(
          translated!.message.toLowerCase(),
          `🚨 say what already exists: the message should name the ${mentions}`,
        ).toContain(mentions)
      }
      expect(
        {
          status: translated!.status,
          code: translated!.code,
          ...(shape.message ? { message: translated!.message } : {}),
        },
        `🚨 the Prisma error code (error.code) says what happened; for P2002 the fields are in error.meta (look at what the libSQL adapter puts there), for P2025 the model is error.meta.modelName`,
      ).toEqual(shape)
      expect(translated!.message, '🚨 the message is for the client: no Prisma internals').not.toMatch(
        /prisma|invocation|constraint|SQLITE|\n/i,
      )
      expect(translated!.cause, '🚨 keep the Prisma error as the cause, so the log still has it').toBe(error)
    })
  })
})
