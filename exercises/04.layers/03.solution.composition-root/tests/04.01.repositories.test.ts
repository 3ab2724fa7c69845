/**
 * 04.01 repositories: the routes reach the data through repositories, and two
 * implementations keep the same promises.
 *
 * - The repository contract (tests/repositories/) runs twice, unchanged: on the Prisma
 *   repositories over this file's own copy of the database, and on the in-memory ones.
 *   Every result is compared with toStrictEqual, so a Prisma row that carries more than
 *   the domain type (a hash, `tags`, `_count`) fails, and the refusals must be the app's
 *   own errors (a taken email, a row already gone), not Prisma's.
 * - The routes, and every module they load, never reach the Prisma client, read on the
 *   real import graph by the TypeScript compiler; the repository interfaces and domain
 *   types do not even name a Prisma type.
 */
import path from 'node:path'
import {
  allNodes,
  findImports,
  readSourceModules,
  resolveLocalImport,
  ts,
  type SourceModule,
} from '@production-express/tools/testing/source-code'
import type { RequestHandler } from 'express'
import { afterAll, describe, expect, test, vi } from 'vitest'
import type { createApp } from '../src/app.js'
import { createPrismaClient } from '../src/db.js'
import type { Repositories } from '../src/repositories/index.js'
import { describeArticleRepositoryContract } from './repositories/articles.contract.js'
import { describeCommentRepositoryContract } from './repositories/comments.contract.js'
import { describeUserRepositoryContract } from './repositories/users.contract.js'
import { testConfig } from './support/app.js'
import { unique } from './support/factories.js'

const srcDir = path.resolve(import.meta.dirname, '../src')

// What the step asks for, imported here so the file loads before they exist.
type Factory<A extends unknown[]> = ((...args: A) => Repositories) | undefined
const prismaSpecifier = '../src/repositories/prisma/index.js'
const memorySpecifier = '../src/repositories/memory/index.js'
const prismaModule = (await import(/* @vite-ignore */ prismaSpecifier).catch(() => undefined)) as
  | { createPrismaRepositories?: Factory<[ReturnType<typeof createPrismaClient>]> }
  | undefined
const memoryModule = (await import(/* @vite-ignore */ memorySpecifier).catch(() => undefined)) as
  | { createMemoryRepositories?: Factory<[]> }
  | undefined

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

function memoryRepositories(): Repositories {
  const create = memoryModule?.createMemoryRepositories
  expect(
    typeof create,
    '🚨 src/repositories/memory/index.ts should export createMemoryRepositories(): { users, articles, comments }, each call with a store of its own',
  ).toBe('function')
  return create!()
}

describe.each([
  ['the Prisma repositories, on a real database', prismaRepositories],
  ['the in-memory repositories', memoryRepositories],
])('04.01 repository contract: %s', (_label, make) => {
  describeUserRepositoryContract(make)
  describeArticleRepositoryContract(make)
  describeCommentRepositoryContract(make)
})

describe('04.01 the in-memory repositories are made, not shared', () => {
  test('two sets of in-memory repositories keep separate data', async () => {
    const first = memoryRepositories()
    const second = memoryRepositories()
    const name = unique('user')
    await first.users.create({ email: `${name}@example.com`, username: name, passwordHash: 'h' })
    expect(
      await second.users.findByUsername(name),
      '🚨 a user made in one set of in-memory repositories shows in another: keep the Maps in a store made by each createMemoryRepositories() call, not at module level',
    ).toBeNull()
    await second.users.create({ email: `${name}@example.com`, username: name, passwordHash: 'h' })
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

/** Whether a specifier names the Prisma client, its packages, or the module that makes the client. */
function isPrisma(specifier: string): boolean {
  return /(^|\/)generated\/prisma(\/|$)/.test(specifier) || /^@prisma\//.test(specifier) || /^prisma(\/|$)/.test(specifier)
}

/** Every module a module names, type-only imports included (a type is a dependency too). */
function namedModules(module: SourceModule): string[] {
  const named = new Set(findImports(module))
  for (const node of allNodes(module)) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) named.add(node.moduleSpecifier.text)
    }
  }
  return [...named]
}

/**
 * The chain of imports (values only: what runs) by which `file` reaches the Prisma
 * client, or undefined. Runs on the real graph, so a re-export file in between does not hide it.
 */
function pathToPrisma(modules: SourceModule[], file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file)) return undefined
  seen.add(file)
  const module = modules.find((candidate) => candidate.file === file)
  if (!module) return undefined
  for (const specifier of findImports(module)) {
    if (specifier === '<dynamic>') return [`src/${file}`, 'import(<computed>)']
    if (isPrisma(specifier)) return [`src/${file}`, specifier]
    const local = resolveLocalImport(modules, file, specifier)
    if (!local) continue
    if (local === 'db.ts' || local.startsWith('repositories/prisma/')) return [`src/${file}`, `src/${local}`]
    const rest = pathToPrisma(modules, local, seen)
    if (rest) return [`src/${file}`, ...rest]
  }
  return undefined
}

/**
 * The chain of imports, type-only ones included, by which `file` names anything from
 * Prisma; the Prisma repositories and db.ts are where such chains are allowed to end.
 */
function pathToPrismaType(modules: SourceModule[], file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file)) return undefined
  seen.add(file)
  const module = modules.find((candidate) => candidate.file === file)
  if (!module) return undefined
  for (const specifier of namedModules(module)) {
    if (isPrisma(specifier)) return [`src/${file}`, specifier]
    const local = resolveLocalImport(modules, file, specifier)
    if (!local) continue
    if (local === 'db.ts' || local.startsWith('repositories/prisma/')) return [`src/${file}`, `src/${local}`]
    const rest = pathToPrismaType(modules, local, seen)
    if (rest) return [`src/${file}`, ...rest]
  }
  return undefined
}

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

  test('the in-memory repositories load no database code at all', () => {
    const memory = modules.filter((module) => module.file.startsWith('repositories/memory/'))
    expect(memory.length, '🚨 put the in-memory repositories in src/repositories/memory/').toBeGreaterThan(0)
    const reaching = memory.flatMap((module) => {
      const chain = pathToPrisma(modules, module.file)
      const types = namedModules(module).filter(isPrisma)
      return [...(chain ? [chain.join(' → ')] : []), ...types.map((type) => `src/${module.file} → ${type}`)]
    })
    expect(reaching, `🚨 the in-memory repositories must run where there is no database:\n${reaching.join('\n')}`).toEqual([])
  })
})
