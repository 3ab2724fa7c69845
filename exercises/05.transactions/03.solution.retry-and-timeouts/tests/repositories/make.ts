import { expect } from 'vitest'
import type { Repositories } from '../../src/repositories/index.js'
import { unique } from '../support/factories.js'

/** Builds the repositories under test, once per test: a fresh store or the file's database. */
export type MakeRepositories = () => Repositories

/** A user made through the repository, with a name no other test uses. */
export async function newUser(repositories: Repositories, name = unique('user')) {
  return repositories.users.create({ email: `${name}@example.com`, username: name, passwordHash: `hash-${name}` })
}

/** An article made through the repository. */
export async function newArticle(
  repositories: Repositories,
  authorId: number,
  overrides: Partial<{ slug: string; title: string; tagList: string[] }> = {},
) {
  const name = unique('article')
  return repositories.articles.create({
    slug: overrides.slug ?? name,
    title: overrides.title ?? `Title ${name}`,
    description: `About ${name}`,
    body: `Body of ${name}`,
    authorId,
    tagList: overrides.tagList ?? [],
  })
}

/** Waits for the clock to move on, so two records made one after the other have different times. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 3))
}

/** That `work` fails with an error of `kind` that says `message`: the app's own error, not the database's. */
export async function expectRefusal(
  work: Promise<unknown>,
  kind: abstract new (...args: never[]) => Error,
  message: string,
): Promise<void> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error, `expected ${kind.name}("${message}"), but it succeeded`).toBeDefined()
  expect(error, `expected ${kind.name}("${message}"), got ${String(error)}`).toBeInstanceOf(kind)
  expect((error as Error).message).toBe(message)
}
