/**
 * Regressions for module 05: behaviour that was already right before the module and
 * must stay right. Deleting an article is one DELETE statement, and ON DELETE CASCADE
 * removes its comments, favorites and tag links inside that same statement: the
 * database makes it all or nothing without any transaction of ours. And a favorite the
 * database refuses is reported as failed: "already favorited" is the one refusal that
 * means nothing needed doing.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { backends, sqlString, type Backend } from '../support/backends.js'
import { auth, createArticle, createComment, registerUser, unique } from '../support/factories.js'

describe.each(backends())('DELETE /api/articles/:slug on $name', (backend: Backend) => {
  beforeAll(() => backend.start())
  afterAll(() => backend.stop())

  test('a comment that cannot be deleted keeps the article and all its comments', async () => {
    const app = await backend.app({ logger: { error() {} } })
    const author = await registerUser(app)
    const article = await createArticle(app, author.token, { tagList: [unique('kept')] })
    const stuck = unique('stuck comment')
    await createComment(app, author.token, article.slug)
    await createComment(app, author.token, article.slug, { body: stuck })
    const remove = await backend.injectFault({ table: 'Comment', on: 'DELETE', when: `OLD."body" = ${sqlString(stuck)}` })

    const deleted = await request(app).delete(`/api/articles/${article.slug}`).set('Authorization', auth(author.token))
    await remove()

    expect(deleted.status).toBe(500)
    expect((await request(app).get(`/api/articles/${article.slug}`)).status).toBe(200)
    const comments = await request(app).get(`/api/articles/${article.slug}/comments`)
    expect(comments.body.comments).toHaveLength(2)
    expect((await request(app).get(`/api/articles/${article.slug}`)).body.article.tagList).toEqual(article.tagList)
  })

  test('an article with tags that already exist and new ones is written whole', async () => {
    const app = await backend.app()
    const author = await registerUser(app)
    const existing = unique('existing')
    const fresh = unique('fresh')
    await createArticle(app, author.token, { tagList: [existing] })

    const created = await request(app)
      .post('/api/articles')
      .set('Authorization', auth(author.token))
      .send({ article: { title: `Second ${unique()}`, description: 'd', body: 'b', tagList: [fresh, existing, fresh] } })

    expect(created.status).toBe(201)
    expect(created.body.article.tagList).toEqual([existing, fresh].sort())
    const rows = await backend.query<{ name: string }>(
      `SELECT "name" FROM "Tag" WHERE "name" IN (${sqlString(existing)}, ${sqlString(fresh)}) ORDER BY "name"`,
    )
    expect(rows.map((row) => row.name)).toEqual([existing, fresh].sort())
  })
})

describe.each(backends())('POST /api/articles/:slug/favorite on $name', (backend: Backend) => {
  beforeAll(() => backend.start())
  afterAll(() => backend.stop())

  test('a favorite the database refuses answers 500 and counts nothing; once it accepts, it counts one', async () => {
    const app = await backend.app({ logger: { error() {} } })
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const article = await createArticle(app, author.token)
    const path = `/api/articles/${article.slug}/favorite`
    const remove = await backend.injectFault({
      table: 'Favorite',
      on: 'INSERT',
      when: `NEW."userId" IN (SELECT "id" FROM "User" WHERE "username" = ${sqlString(reader.user.username)})`,
    })

    const refused = await request(app).post(path).set('Authorization', auth(reader.token))
    await remove()

    expect(refused.status, 'a refused favorite was reported as done').toBe(500)
    const after = await request(app).get(`/api/articles/${article.slug}`).set('Authorization', auth(reader.token))
    expect(after.body.article).toMatchObject({ favorited: false, favoritesCount: 0 })
    const accepted = await request(app).post(path).set('Authorization', auth(reader.token))
    expect(accepted.status).toBe(200)
    expect(accepted.body.article).toMatchObject({ favorited: true, favoritesCount: 1 })
  })
})
