/**
 * Contract: "Favorites" — CreateArticleFavorite, DeleteArticleFavorite.
 *
 * Our choices where the spec is silent:
 * - favorite and unfavorite are idempotent: favoriting twice counts once, and
 *   unfavoriting an article one has not favorited is 200 with the count unchanged
 *   (never below zero);
 * - an unknown slug is 404; authentication is checked first (401 before 404).
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import { auth, badAuthorizations, createArticle, favorite, registerUser, unique } from '../support/factories.js'
import { expectError, expectShape, send } from './assertions.js'
import { SingleArticleResponse } from './schemas.js'

const app = await getApp()

function unfavorite(token: string, slug: string) {
  return request(app).delete(`/api/articles/${slug}/favorite`).set('Authorization', auth(token))
}

describe('POST /api/articles/:slug/favorite', () => {
  test('returns 200 and the article with favorited: true and one more favorite', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const created = await createArticle(app, author.token)
    const response = await request(app)
      .post(`/api/articles/${created.slug}/favorite`)
      .set('Authorization', auth(fan.token))
    expect(response.status).toBe(200)
    const { article } = expectShape(SingleArticleResponse, response.body)
    expect(article).toMatchObject({
      slug: created.slug,
      body: created.body,
      favorited: true,
      favoritesCount: 1,
      author: { username: author.user.username },
    })
  })

  test('counts the favorites of different users', async () => {
    const author = await registerUser(app)
    const first = await registerUser(app)
    const second = await registerUser(app)
    const created = await createArticle(app, author.token)
    await favorite(app, first.token, created.slug)
    const article = await favorite(app, second.token, created.slug)
    expect(article).toMatchObject({ favorited: true, favoritesCount: 2 })
  })

  test('is idempotent: favoriting twice counts once', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    await favorite(app, token, created.slug)
    const response = await request(app).post(`/api/articles/${created.slug}/favorite`).set('Authorization', auth(token))
    expect(response.status).toBe(200)
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      favorited: true,
      favoritesCount: 1,
    })
  })

  test('keeps the favorite: the article then shows it', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    await favorite(app, token, created.slug)
    const response = await request(app).get(`/api/articles/${created.slug}`).set('Authorization', auth(token))
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      favorited: true,
      favoritesCount: 1,
    })
  })

  test('returns 404 for an unknown slug', async () => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .post(`/api/articles/${unique('no-such-article')}/favorite`)
      .set('Authorization', auth(token))
    expectError(response, 404)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'post', `/api/articles/${unique('some-article')}/favorite`, authorization), 401)
  })
})

describe('DELETE /api/articles/:slug/favorite', () => {
  test('returns 200 and the article with favorited: false and one favorite less', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const created = await createArticle(app, author.token)
    await favorite(app, fan.token, created.slug)
    const response = await unfavorite(fan.token, created.slug)
    expect(response.status).toBe(200)
    const { article } = expectShape(SingleArticleResponse, response.body)
    expect(article).toMatchObject({ slug: created.slug, body: created.body, favorited: false, favoritesCount: 0 })
  })

  test('removes only the reader’s own favorite', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const created = await createArticle(app, author.token)
    await favorite(app, author.token, created.slug)
    await favorite(app, fan.token, created.slug)
    const response = await unfavorite(fan.token, created.slug)
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      favorited: false,
      favoritesCount: 1,
    })
  })

  test('is idempotent: unfavoriting twice never goes below zero', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    await favorite(app, token, created.slug)
    await unfavorite(token, created.slug)
    const response = await unfavorite(token, created.slug)
    expect(response.status).toBe(200)
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      favorited: false,
      favoritesCount: 0,
    })
  })

  test('leaves an article one never favorited at its count', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const created = await createArticle(app, author.token)
    await favorite(app, author.token, created.slug)
    const response = await unfavorite(reader.token, created.slug)
    expect(response.status).toBe(200)
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      favorited: false,
      favoritesCount: 1,
    })
  })

  test('keeps the unfavorite: the article then shows it', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    await favorite(app, token, created.slug)
    await unfavorite(token, created.slug)
    const response = await request(app).get(`/api/articles/${created.slug}`).set('Authorization', auth(token))
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      favorited: false,
      favoritesCount: 0,
    })
  })

  test('returns 404 for an unknown slug', async () => {
    const { token } = await registerUser(app)
    expectError(await unfavorite(token, unique('no-such-article')), 404)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'delete', `/api/articles/${unique('some-article')}/favorite`, authorization), 401)
  })
})
