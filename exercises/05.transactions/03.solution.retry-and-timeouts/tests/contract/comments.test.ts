/**
 * Contract: "Comments" — GetArticleComments, CreateArticleComment, DeleteArticleComment.
 *
 * Our choices where the spec is silent:
 * - creating a comment answers 200 (as the spec says, not 201);
 * - comments are listed newest first;
 * - an unknown slug or comment id, or a comment id of another article, is 404;
 * - deleting someone else's comment is 403 (the spec lists only 401/422);
 * - authentication is checked before the slug is looked up (401 before 404).
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import {
  auth,
  badAuthorizations,
  createArticle,
  createComment,
  follow,
  registerUser,
  unique,
} from '../support/factories.js'
import { expectError, expectNoContent, expectShape, send } from './assertions.js'
import { MultipleComments, SingleCommentResponse } from './schemas.js'

const app = await getApp()

async function listComments(slug: string, token?: string) {
  const response = await send(
    app,
    'get',
    `/api/articles/${slug}/comments`,
    token === undefined ? undefined : auth(token),
  )
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return expectShape(MultipleComments, response.body).comments
}

describe('GET /api/articles/:slug/comments', () => {
  test('returns 200 and an empty list for an article without comments', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    expect(await listComments(article.slug)).toEqual([])
  })

  test('returns the article’s comments, newest first, and no other article’s', async () => {
    const author = await registerUser(app)
    const article = await createArticle(app, author.token)
    const other = await createArticle(app, author.token)
    const older = await createComment(app, author.token, article.slug)
    await createComment(app, author.token, other.slug)
    const newer = await createComment(app, author.token, article.slug)
    const comments = await listComments(article.slug)
    expect(comments.map((c) => c.id)).toEqual([newer.id, older.id])
    expect(comments[0]).toMatchObject({
      body: newer.body,
      author: { username: author.user.username, following: false },
    })
  })

  test('says following: true about a commenter the reader follows', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const article = await createArticle(app, author.token)
    await createComment(app, author.token, article.slug)
    await follow(app, reader.token, author.user.username)
    const comments = await listComments(article.slug, reader.token)
    expect(comments[0]!.author.following).toBe(true)
  })

  test('returns 404 for an unknown slug', async () => {
    expectError(await request(app).get(`/api/articles/${unique('no-such-article')}/comments`), 404)
  })
})

describe('POST /api/articles/:slug/comments', () => {
  test('returns 200 and the new comment', async () => {
    const author = await registerUser(app)
    const commenter = await registerUser(app)
    const article = await createArticle(app, author.token)
    const response = await request(app)
      .post(`/api/articles/${article.slug}/comments`)
      .set('Authorization', auth(commenter.token))
      .send({ comment: { body: 'Thank you so much!' } })
    expect(response.status).toBe(200)
    const { comment } = expectShape(SingleCommentResponse, response.body)
    expect(comment).toMatchObject({
      body: 'Thank you so much!',
      author: {
        username: commenter.user.username,
        bio: commenter.user.bio,
        image: commenter.user.image,
        following: false,
      },
    })
  })

  test('adds the comment to the article’s comments', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const comment = await createComment(app, token, article.slug)
    expect(await listComments(article.slug)).toEqual([comment])
  })

  test('returns 404 for an unknown slug', async () => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .post(`/api/articles/${unique('no-such-article')}/comments`)
      .set('Authorization', auth(token))
      .send({ comment: { body: 'Hello' } })
    expectError(response, 404)
  })

  test.each<[string, unknown]>([
    ['the comment wrapper is missing', { body: 'No wrapper' }],
    ['the comment wrapper is not an object', { comment: 'Hello' }],
    ['the body is missing', { comment: {} }],
    ['the body is blank', { comment: { body: '' } }],
    ['the body is not a string', { comment: { body: 42 } }],
  ])('returns 422 when %s', async (_, body) => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const response = await request(app)
      .post(`/api/articles/${article.slug}/comments`)
      .set('Authorization', auth(token))
      .send(body as object)
    expectError(response, 422)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    const path = `/api/articles/${unique('some-article')}/comments`
    expectError(await send(app, 'post', path, authorization, { comment: { body: 'Hello' } }), 401)
  })
})

describe('DELETE /api/articles/:slug/comments/:id', () => {
  test('returns 204 with an empty body', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const comment = await createComment(app, token, article.slug)
    const response = await request(app)
      .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
      .set('Authorization', auth(token))
    expectNoContent(response)
  })

  test('removes the comment from the article’s comments and keeps the others', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const kept = await createComment(app, token, article.slug)
    const removed = await createComment(app, token, article.slug)
    await request(app).delete(`/api/articles/${article.slug}/comments/${removed.id}`).set('Authorization', auth(token))
    expect((await listComments(article.slug)).map((c) => c.id)).toEqual([kept.id])
  })

  // Our choice: 403 (the spec lists only 401 and 422).
  test('returns 403 when the comment belongs to someone else, and keeps it', async () => {
    const author = await registerUser(app)
    const intruder = await registerUser(app)
    const article = await createArticle(app, author.token)
    const comment = await createComment(app, author.token, article.slug)
    const response = await request(app)
      .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
      .set('Authorization', auth(intruder.token))
    expectError(response, 403)
    expect((await listComments(article.slug)).map((c) => c.id)).toEqual([comment.id])
  })

  test('returns 404 for an unknown comment id', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const response = await request(app)
      .delete(`/api/articles/${article.slug}/comments/999999999`)
      .set('Authorization', auth(token))
    expectError(response, 404)
  })

  test('returns 404 for a comment id of another article, and keeps the comment', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const other = await createArticle(app, token)
    const comment = await createComment(app, token, other.slug)
    const response = await request(app)
      .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
      .set('Authorization', auth(token))
    expectError(response, 404)
    expect(await listComments(other.slug)).toEqual([comment])
  })

  test('returns 404 for an unknown slug', async () => {
    const { token } = await registerUser(app)
    const article = await createArticle(app, token)
    const comment = await createComment(app, token, article.slug)
    const response = await request(app)
      .delete(`/api/articles/${unique('no-such-article')}/comments/${comment.id}`)
      .set('Authorization', auth(token))
    expectError(response, 404)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    const path = `/api/articles/${unique('some-article')}/comments/1`
    expectError(await send(app, 'delete', path, authorization), 401)
  })
})
