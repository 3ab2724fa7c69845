import request from 'supertest'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { backends, sqlString, type Backend } from './support/backends.js'
import { auth, registerUser, unique } from './support/factories.js'

/** A logger that keeps what the app reports, so the expected 500s stay out of the output. */
function quietLogger() {
  const lines: string[] = []
  return { lines, error: (message: string) => void lines.push(message) }
}

describe.each(backends())('POST /api/articles with its tags on $name', (backend: Backend) => {
  beforeAll(() => backend.start())
  afterAll(() => backend.stop())

  async function tagsNamed(names: string[]): Promise<string[]> {
    const rows = await backend.query<{ name: string }>(
      `SELECT "name" FROM "Tag" WHERE "name" IN (${names.map(sqlString).join(', ')})`,
    )
    return rows.map((row) => row.name)
  }

  /**
   * Posts an article tagged [okTag, failingTag] while `fault` makes one write fail in the
   * database, then checks that nothing of it stayed: no article, no tag, no count.
   */
  async function expectNothingKept(fault: (failingTag: string) => { table: string; when: string }) {
    const logger = quietLogger()
    const app = await backend.app({ logger })
    const author = await registerUser(app)
    const okTag = unique('ok')
    const failingTag = unique('failing')
    const title = `Half written ${unique()}`
    const article = { title, description: 'd', body: 'b', tagList: [okTag, failingTag] }
    const remove = await backend.injectFault({ on: 'INSERT', ...fault(failingTag) })

    const failed = await request(app).post('/api/articles').set('Authorization', auth(author.token)).send({ article })
    await remove()

    expect(failed.status, '🚨 the injected fault should end in the error middleware as a 500').toBe(500)
    expect(JSON.stringify(failed.body), '🚨 the database message must not reach the client').not.toMatch(/injected|trigger|SQL/i)
    const stored = await backend.query(`SELECT "id" FROM "Article" WHERE "title" = ${sqlString(title)}`)
    expect(stored, '🚨 the article was written although its tags were not: write it and its tags in one transaction').toEqual([])
    const byTag = await request(app).get('/api/articles').query({ tag: okTag })
    expect(byTag.body.articlesCount, '🚨 an article carries the tag of a request that failed').toBe(0)
    const byAuthor = await request(app).get('/api/articles').query({ author: author.user.username })
    expect(byAuthor.body.articlesCount, '🚨 the author has an article the request said was not created').toBe(0)
    expect(await tagsNamed([okTag, failingTag]), '🚨 a tag of the failed article stayed in the Tag table').toEqual([])
    const tags = await request(app).get('/api/tags')
    expect(tags.body.tags).not.toContain(okTag)

    // Nothing half-written blocks the retry: the same article, once the fault is gone.
    const again = await request(app).post('/api/articles').set('Authorization', auth(author.token)).send({ article })
    expect(again.status, '🚨 the same article could not be created once the fault was gone').toBe(201)
    expect((await request(app).get(`/api/articles/${again.body.article.slug}`)).status).toBe(200)
    expect(again.body.article.tagList).toEqual([okTag, failingTag].sort())
  }

  test('a tag that cannot be inserted leaves no article and no tag behind', async () => {
    await expectNothingKept((failingTag) => ({ table: 'Tag', when: `NEW."name" = ${sqlString(failingTag)}` }))
  })

  test('a tag link that cannot be inserted leaves no article and no tag behind', async () => {
    await expectNothingKept((failingTag) => ({
      table: 'ArticleTag',
      when: `NEW."tagId" IN (SELECT "id" FROM "Tag" WHERE "name" = ${sqlString(failingTag)})`,
    }))
  })
})
