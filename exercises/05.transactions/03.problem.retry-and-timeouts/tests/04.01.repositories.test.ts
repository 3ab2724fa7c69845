/**
 * 04.01 repositories: the routes reach the data through repositories, and the Prisma
 * implementation keeps the promises the in-memory one (given) already keeps.
 *
 * - The repository contract (tests/repositories/) runs on the Prisma repositories over
 *   this file's own copy of the database; tests/repositories/memory.test.ts runs the
 *   same contract on the in-memory ones. Every result is compared with toStrictEqual,
 *   so a Prisma row that carries more than the domain type (a hash, `tags`, `_count`)
 *   fails, and the refusals must be the app's own errors (a taken email, a row already
 *   gone), not Prisma's.
 * - What one set of Prisma repositories writes, a second set made on the same database
 *   reads: the data is in the database, not in the repository object.
 * - The routes, and every module they load, never reach the Prisma client, read on the
 *   real import graph by the TypeScript compiler; the repository interfaces and domain
 *   types do not even name a Prisma type.
 */
import path from 'node:path'
import { readSourceModules } from '@production-express/tools/testing/source-code'
import type { RequestHandler } from 'express'
import { afterAll, describe, expect, test, vi } from 'vitest'
import type { createApp } from '../src/app.js'
import { createPrismaClient } from '../src/db.js'
import type { Repositories } from '../src/repositories/index.js'
import { describeArticleRepositoryContract } from './repositories/articles.contract.js'
import { describeCommentRepositoryContract } from './repositories/comments.contract.js'
import { newArticle, newUser } from './repositories/make.js'
import { describeUserRepositoryContract } from './repositories/users.contract.js'
import { testConfig } from './support/app.js'
import { pathToPrismaType } from './support/prisma-imports.js'

const srcDir = path.resolve(import.meta.dirname, '../src')

// What the step asks for, imported here so the file loads before they exist.
type Factory<A extends unknown[]> = ((...args: A) => Repositories) | undefined
const prismaSpecifier = '../src/repositories/prisma/index.js'
const prismaModule = (await import(/* @vite-ignore */ prismaSpecifier).catch(() => undefined)) as
  { createPrismaRepositories?: Factory<[ReturnType<typeof createPrismaClient>]> } | undefined

const prisma = createPrismaClient(process.env.DATABASE_URL!)
afterAll(() => prisma.$disconnect())

function prismaRepositories(): Repositories {
  const create = prismaModule?.createPrismaRepositories
  expect(
    typeof create,
    '🚨 src/repositories/prisma/index.ts should export createPrismaRepositories(prisma): { users, articles, comments }',
  ).toBe('function')
  return create!(prisma)
}

describe('04.01 repository contract: the Prisma repositories, on a real database', () => {
  describeUserRepositoryContract(prismaRepositories)
  describeArticleRepositoryContract(prismaRepositories)
  describeCommentRepositoryContract(prismaRepositories)
})

describe('04.01 the Prisma repositories keep their data in the database', () => {
  test('what one set of repositories writes, a second set on the same database reads', async () => {
    const writer = prismaRepositories()
    const reader = prismaRepositories()
    const author = await newUser(writer)
    const created = await newArticle(writer, author.id, { tagList: ['zeta', 'alpha'] })
    await writer.articles.favorite(author.id, created.id)
    const comment = await writer.comments.create({ body: 'first', articleId: created.id, authorId: author.id })
    expect(
      await reader.articles.findBySlug(created.slug),
      '🚨 an article made through one set of Prisma repositories is not found by another on the same database: keep the articles in the database, not in the repository',
    ).toStrictEqual({ ...created, favoritesCount: 1, updatedAt: expect.any(Date) })
    expect(await reader.articles.isFavorited(author.id, created.id)).toBe(true)
    expect(await reader.comments.findById(comment.id)).toStrictEqual(comment)
    expect(await reader.users.findAccount(author.id)).toStrictEqual(author)
  })

  test('the rows are really there: the Prisma client itself sees them', async () => {
    const repositories = prismaRepositories()
    const author = await newUser(repositories)
    const created = await newArticle(repositories, author.id, { tagList: ['one', 'two'] })
    const row = await prisma.article.findUnique({
      where: { id: created.id },
      include: { tags: { include: { tag: true } } },
    })
    expect(row?.slug, '🚨 ArticleRepository.create should insert the article into the database').toBe(created.slug)
    expect(row?.tags.map(({ tag }) => tag.name).sort(), '🚨 and its tags, through the ArticleTag table').toEqual([
      'one',
      'two',
    ])
  })
})

const ROUTERS = [
  'user.routes.js:createUserRouter',
  'profile.routes.js:createProfileRouter',
  'article.routes.js:createArticleRouter',
  'comment.routes.js:createCommentRouter',
  'tag.routes.js:createTagRouter',
] as const

/** The deps createApp hands each router, caught on the way in. */
async function depsHandedToRouters(): Promise<Map<string, unknown>> {
  const handed = new Map<string, unknown>()
  vi.resetModules()
  const mocked = ROUTERS.map((entry) => {
    const [file, factory] = entry.split(':') as [string, string]
    const specifier = `../src/routes/${file}`
    vi.doMock(specifier, async (importOriginal) => {
      const real = await importOriginal<Record<string, unknown>>()
      const create = real[factory] as ((deps: unknown) => RequestHandler) | undefined
      if (!create) return real
      return { ...real, [factory]: (deps: unknown) => (handed.set(factory, deps), create(deps)) }
    })
    return specifier
  })
  try {
    const fresh = (await import('../src/app.js')) as { createApp: typeof createApp }
    fresh.createApp({ prisma, config: testConfig() })
  } finally {
    for (const specifier of mocked) vi.doUnmock(specifier)
    vi.resetModules()
  }
  return handed
}

/** Where in `value` a Prisma client sits (`deps.prisma`, `deps.db.client`), looked for a few levels deep. */
function clientsIn(value: unknown, at: string, depth = 0, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value) || depth > 3) return []
  seen.add(value)
  if (value === prisma || ('$transaction' in value && '$connect' in value)) return [at]
  return Object.entries(value).flatMap(([key, inner]) => clientsIn(inner, `${at}.${key}`, depth + 1, seen))
}

describe('04.01 the routers are given repositories', () => {
  test('createApp hands no router a database client', async () => {
    const handed = await depsHandedToRouters()
    expect([...handed.keys()].sort(), '🚨 createApp should still build every router').toEqual(
      ROUTERS.map((entry) => entry.split(':')[1]).sort(),
    )
    const clients = [...handed].flatMap(([factory, deps]) => clientsIn(deps, `${factory}(deps)`))
    expect(
      clients,
      `🚨 the routers were handed the Prisma client: give them the repositories (createPrismaRepositories(prisma)) and nothing that can run a query of its own:\n${clients.join('\n')}`,
    ).toEqual([])
  })
})

describe('04.01 nothing above the repositories knows Prisma', () => {
  const modules = readSourceModules(srcDir)

  test('no route module and no repository interface reaches Prisma, not even for a type, nor through another module', () => {
    const above = modules.filter(
      (module) =>
        module.file.startsWith('routes/') ||
        (module.file.startsWith('repositories/') &&
          !module.file.startsWith('repositories/prisma/') &&
          !module.file.startsWith('repositories/memory/')),
    )
    expect(
      above.some((module) => module.file.startsWith('repositories/')),
      '🚨 put the repository interfaces and the domain types beside the implementations, in src/repositories/ (e.g. src/repositories/article.repository.ts)',
    ).toBe(true)
    const naming = above.flatMap((module) => {
      const chain = pathToPrismaType(modules, module.file)
      return chain ? [chain.join(' → ')] : []
    })
    expect(
      naming,
      `🚨 the routes work on repositories and the domain types are the app's own (plain interfaces): no route, no repository interface and nothing they load may reach the Prisma client, db.ts or a Prisma repository, not even for a type:\n${naming.slice(0, 4).join('\n')}`,
    ).toEqual([])
  })
})
