/**
 * The in-memory repositories (given in 04.01) keep the same repository contract as the
 * Prisma ones, on a store of their own per call, and load no database code: they are
 * what a service test (04.02) and `npm run dev:no-db` (04.03) stand on.
 */
import path from 'node:path'
import { readSourceModules } from '@production-express/tools/testing/source-code'
import { describe, expect, test } from 'vitest'
import type { Repositories } from '../../src/repositories/index.js'
import { unique } from '../support/factories.js'
import { isPrisma, namedModules, pathToPrisma } from '../support/prisma-imports.js'
import { describeArticleRepositoryContract } from './articles.contract.js'
import { describeCommentRepositoryContract } from './comments.contract.js'
import { describeUserRepositoryContract } from './users.contract.js'

const srcDir = path.resolve(import.meta.dirname, '../../src')
const memorySpecifier = '../../src/repositories/memory/index.js'
const memoryModule = (await import(/* @vite-ignore */ memorySpecifier).catch(() => undefined)) as
  { createMemoryRepositories?: () => Repositories } | undefined

function memoryRepositories(): Repositories {
  const create = memoryModule?.createMemoryRepositories
  expect(
    typeof create,
    '🚨 src/repositories/memory/index.ts should export createMemoryRepositories(): { users, articles, comments }, each call with a store of its own',
  ).toBe('function')
  return create!()
}

describe('repository contract: the in-memory repositories', () => {
  describeUserRepositoryContract(memoryRepositories)
  describeArticleRepositoryContract(memoryRepositories)
  describeCommentRepositoryContract(memoryRepositories)
})

describe('the in-memory repositories are made, not shared', () => {
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

describe('the in-memory repositories run without a database', () => {
  const modules = readSourceModules(srcDir)

  test('the in-memory repositories load no database code at all', () => {
    const memory = modules.filter((module) => module.file.startsWith('repositories/memory/'))
    expect(memory.length, '🚨 put the in-memory repositories in src/repositories/memory/').toBeGreaterThan(0)
    const reaching = memory.flatMap((module) => {
      const chain = pathToPrisma(modules, module.file)
      const types = namedModules(module).filter(isPrisma)
      return [...(chain ? [chain.join(' → ')] : []), ...types.map((type) => `src/${module.file} → ${type}`)]
    })
    expect(
      reaching,
      `🚨 the in-memory repositories must run where there is no database:\n${reaching.join('\n')}`,
    ).toEqual([])
  })
})
