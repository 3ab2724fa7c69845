/**
 * Contract: "Articles" — GetArticles, GetArticlesFeed, GetArticle, CreateArticle,
 * UpdateArticle, DeleteArticle.
 *
 * Our choices where the spec is silent:
 * - lists and the feed are newest first (by createdAt);
 * - `articlesCount` is the total number of matching articles, not the page size;
 * - a filter that matches nothing (unknown tag, author or favoriter) is 200 with an empty list;
 * - an unknown slug is 404; editing or deleting someone else's article is 403 (the spec lists
 *   only 401/422); authentication is checked before the slug is looked up (401 before 404);
 * - `tagList` is in alphabetical order (by code point) in every response that carries it:
 *   RealWorld's published API tests send ["training", "dragons"] and expect "dragons" first;
 * - the feed holds only articles by authors the reader follows (not the reader's own);
 * - the slug after a title change is not part of the contract, only that it resolves.
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import {
  auth,
  badAuthorizations,
  createArticle,
  createComment,
  favorite,
  follow,
  registerUser,
  unique,
} from '../support/factories.js'
import { expectError, expectNoContent, expectShape, send } from './assertions.js'
import { MultipleArticles, SingleArticleResponse } from './schemas.js'

const app = await getApp()

async function list(path: string, token?: string) {
  const response = await send(app, 'get', path, token === undefined ? undefined : auth(token))
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return expectShape(MultipleArticles, response.body)
}

const slugs = (body: { articles: Array<{ slug: string }> }) => body.articles.map((a) => a.slug)
const sorted = (values: string[]) => [...values].sort()

/** Makes `count` articles by one author, oldest first. */
async function articlesBy(token: string, count: number) {
  const made = []
  for (let i = 0; i < count; i += 1) made.push(await createArticle(app, token))
  return made
}

describe('GET /api/articles', () => {
  test('returns 200 and the articles without their bodies, with articlesCount', async () => {
    const { token, user } = await registerUser(app)
    const tag = unique('tag')
    const article = await createArticle(app, token, { tagList: [tag] })
    const body = await list(`/api/articles?author=${user.username}`)
    expect(body.articlesCount).toBe(1)
    expect(body.articles).toHaveLength(1)
    expect(body.articles[0]).toMatchObject({
      slug: article.slug,
      title: article.title,
      description: article.description,
      tagList: [tag],
      favorited: false,
      favoritesCount: 0,
      author: { username: user.username, following: false },
    })
    expect(body.articles[0]).not.toHaveProperty('body')
  })

  test('lists the newest article first', async () => {
    const { token, user } = await registerUser(app)
    const [first, second, third] = await articlesBy(token, 3)
    const body = await list(`/api/articles?author=${user.username}`)
    expect(slugs(body)).toEqual([third!.slug, second!.slug, first!.slug])
  })

  test('filters by tag', async () => {
    const { token } = await registerUser(app)
    const tag = unique('tag')
    const tagged = await createArticle(app, token, { tagList: [tag, unique('other')] })
    await createArticle(app, token, { tagList: [unique('other')] })
    const body = await list(`/api/articles?tag=${tag}`)
    expect(slugs(body)).toEqual([tagged.slug])
    expect(body.articlesCount).toBe(1)
  })

  test('filters by author', async () => {
    const alice = await registerUser(app)
    const bob = await registerUser(app)
    const byAlice = await createArticle(app, alice.token)
    await createArticle(app, bob.token)
    const body = await list(`/api/articles?author=${alice.user.username}`)
    expect(slugs(body)).toEqual([byAlice.slug])
    expect(body.articles[0]!.author.username).toBe(alice.user.username)
    expect(body.articlesCount).toBe(1)
  })

  test('filters by the username of a user who favorited the articles', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const liked = await createArticle(app, author.token)
    await createArticle(app, author.token)
    await favorite(app, fan.token, liked.slug)
    const body = await list(`/api/articles?favorited=${fan.user.username}`)
    expect(slugs(body)).toEqual([liked.slug])
    expect(body.articlesCount).toBe(1)
  })

  test('combines the author and tag filters', async () => {
    const alice = await registerUser(app)
    const bob = await registerUser(app)
    const tag = unique('tag')
    const match = await createArticle(app, alice.token, { tagList: [tag] })
    await createArticle(app, alice.token)
    await createArticle(app, bob.token, { tagList: [tag] })
    const body = await list(`/api/articles?author=${alice.user.username}&tag=${tag}`)
    expect(slugs(body)).toEqual([match.slug])
    expect(body.articlesCount).toBe(1)
  })

  test('combines the favorited and tag filters', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const tag = unique('tag')
    const match = await createArticle(app, author.token, { tagList: [tag] })
    const untagged = await createArticle(app, author.token)
    await createArticle(app, author.token, { tagList: [tag] })
    await favorite(app, fan.token, match.slug)
    await favorite(app, fan.token, untagged.slug)
    const body = await list(`/api/articles?favorited=${fan.user.username}&tag=${tag}`)
    expect(slugs(body)).toEqual([match.slug])
    expect(body.articlesCount).toBe(1)
  })

  test('returns at most `limit` articles, and articlesCount is the total', async () => {
    const { token, user } = await registerUser(app)
    const [, second, third] = await articlesBy(token, 3)
    const body = await list(`/api/articles?author=${user.username}&limit=2`)
    expect(slugs(body)).toEqual([third!.slug, second!.slug])
    expect(body.articlesCount).toBe(3)
  })

  test('skips `offset` articles, and articlesCount is the total', async () => {
    const { token, user } = await registerUser(app)
    const [first] = await articlesBy(token, 3)
    const body = await list(`/api/articles?author=${user.username}&offset=2`)
    expect(slugs(body)).toEqual([first!.slug])
    expect(body.articlesCount).toBe(3)
  })

  test('pages through with limit and offset together', async () => {
    const { token, user } = await registerUser(app)
    const [first, second, third] = await articlesBy(token, 3)
    const pages = []
    for (const offset of [0, 1, 2])
      pages.push(slugs(await list(`/api/articles?author=${user.username}&limit=1&offset=${offset}`)))
    expect(pages).toEqual([[third!.slug], [second!.slug], [first!.slug]])
  })

  test('returns an empty page past the end, with the total still counted', async () => {
    const { token, user } = await registerUser(app)
    await articlesBy(token, 2)
    const body = await list(`/api/articles?author=${user.username}&offset=5`)
    expect(body).toEqual({ articles: [], articlesCount: 2 })
  })

  test('returns 20 articles when no limit is given (the spec’s default)', async () => {
    const { token, user } = await registerUser(app)
    await articlesBy(token, 21)
    const body = await list(`/api/articles?author=${user.username}`)
    expect(body.articles).toHaveLength(20)
    expect(body.articlesCount).toBe(21)
  })

  test.each(['tag', 'author', 'favorited'])('returns an empty list for an unknown %s', async (filter) => {
    const body = await list(`/api/articles?${filter}=${unique('unknown')}`)
    expect(body).toEqual({ articles: [], articlesCount: 0 })
  })

  test('says favorited: true to a reader who favorited the article', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const article = await createArticle(app, author.token)
    await favorite(app, fan.token, article.slug)
    const body = await list(`/api/articles?author=${author.user.username}`, fan.token)
    expect(body.articles[0]).toMatchObject({ slug: article.slug, favorited: true, favoritesCount: 1 })
  })

  test('says following: true about an author the reader follows', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await createArticle(app, author.token)
    await follow(app, reader.token, author.user.username)
    const body = await list(`/api/articles?author=${author.user.username}`, reader.token)
    expect(body.articles[0]!.author.following).toBe(true)
  })

  test('says favorited: false and following: false to an anonymous reader', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const article = await createArticle(app, author.token)
    await favorite(app, fan.token, article.slug)
    await follow(app, fan.token, author.user.username)
    const body = await list(`/api/articles?author=${author.user.username}`)
    expect(body.articles[0]).toMatchObject({ favorited: false, favoritesCount: 1, author: { following: false } })
  })
})

describe('GET /api/articles/feed', () => {
  test('returns only articles by followed authors, newest first', async () => {
    const reader = await registerUser(app)
    const followed = await registerUser(app)
    const stranger = await registerUser(app)
    const older = await createArticle(app, followed.token)
    await createArticle(app, stranger.token)
    await createArticle(app, reader.token)
    const newer = await createArticle(app, followed.token)
    await follow(app, reader.token, followed.user.username)
    const body = await list('/api/articles/feed', reader.token)
    expect(slugs(body)).toEqual([newer.slug, older.slug])
    expect(body.articlesCount).toBe(2)
  })

  test('says following: true about every author in the feed', async () => {
    const reader = await registerUser(app)
    const followed = await registerUser(app)
    await createArticle(app, followed.token)
    await follow(app, reader.token, followed.user.username)
    const body = await list('/api/articles/feed', reader.token)
    expect(body.articles.map((a) => a.author)).toEqual([
      expect.objectContaining({ username: followed.user.username, following: true }),
    ])
  })

  test('is empty for a reader who follows no one', async () => {
    const reader = await registerUser(app)
    const other = await registerUser(app)
    await createArticle(app, other.token)
    expect(await list('/api/articles/feed', reader.token)).toEqual({ articles: [], articlesCount: 0 })
  })

  test('stops showing an author after the reader unfollows them', async () => {
    const reader = await registerUser(app)
    const author = await registerUser(app)
    await createArticle(app, author.token)
    await follow(app, reader.token, author.user.username)
    await request(app).delete(`/api/profiles/${author.user.username}/follow`).set('Authorization', auth(reader.token))
    expect(await list('/api/articles/feed', reader.token)).toEqual({ articles: [], articlesCount: 0 })
  })

  test('pages with limit and offset, and articlesCount is the total', async () => {
    const reader = await registerUser(app)
    const author = await registerUser(app)
    const [first, second] = await articlesBy(author.token, 3)
    await follow(app, reader.token, author.user.username)
    const body = await list('/api/articles/feed?limit=2&offset=1', reader.token)
    expect(slugs(body)).toEqual([second!.slug, first!.slug])
    expect(body.articlesCount).toBe(3)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'get', '/api/articles/feed', authorization), 401)
  })
})

describe('GET /api/articles/:slug', () => {
  test('returns 200 and the article with its body', async () => {
    const { token, user } = await registerUser(app)
    const created = await createArticle(app, token, { body: 'The whole text.' })
    const response = await request(app).get(`/api/articles/${created.slug}`)
    expect(response.status).toBe(200)
    const { article } = expectShape(SingleArticleResponse, response.body)
    expect(article).toMatchObject({
      slug: created.slug,
      title: created.title,
      description: created.description,
      body: 'The whole text.',
      favorited: false,
      favoritesCount: 0,
      author: { username: user.username, following: false },
    })
  })

  test('says favorited: true and following: true to a reader who favorited it and follows its author', async () => {
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const created = await createArticle(app, author.token)
    await favorite(app, fan.token, created.slug)
    await follow(app, fan.token, author.user.username)
    const response = await request(app).get(`/api/articles/${created.slug}`).set('Authorization', auth(fan.token))
    const { article } = expectShape(SingleArticleResponse, response.body)
    expect(article).toMatchObject({ favorited: true, favoritesCount: 1, author: { following: true } })
  })

  test('returns 404 for an unknown slug', async () => {
    expectError(await request(app).get(`/api/articles/${unique('no-such-article')}`), 404)
  })
})

describe('POST /api/articles', () => {
  test('returns 201 and the new article', async () => {
    const { token, user } = await registerUser(app)
    const tags = [unique('tag'), unique('tag')]
    const input = {
      title: 'How to train your dragon',
      description: 'Ever wonder how?',
      body: 'You have to believe',
      tagList: tags,
    }
    const response = await request(app).post('/api/articles').set('Authorization', auth(token)).send({ article: input })
    expect(response.status).toBe(201)
    const { article } = expectShape(SingleArticleResponse, response.body)
    expect(article).toMatchObject({
      title: input.title,
      description: input.description,
      body: input.body,
      favorited: false,
      favoritesCount: 0,
      author: { username: user.username, bio: user.bio, image: user.image, following: false },
    })
    expect(sorted(article.tagList)).toEqual(sorted(tags))
  })

  test('can then be fetched by its slug', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    const response = await request(app).get(`/api/articles/${created.slug}`)
    expect(expectShape(SingleArticleResponse, response.body).article).toEqual(created)
  })

  test('creates an article without tags, with an empty tagList', async () => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .post('/api/articles')
      .set('Authorization', auth(token))
      .send({ article: { title: unique('Title '), description: 'd', body: 'b' } })
    expect(response.status).toBe(201)
    expect(expectShape(SingleArticleResponse, response.body).article.tagList).toEqual([])
  })

  test('gives two articles with the same title different slugs', async () => {
    const { token } = await registerUser(app)
    const title = `Same title ${unique()}`
    const first = await createArticle(app, token, { title })
    const second = await createArticle(app, token, { title, body: 'the second one' })
    expect(second.slug).not.toBe(first.slug)
    const response = await request(app).get(`/api/articles/${second.slug}`)
    expect(expectShape(SingleArticleResponse, response.body).article.body).toBe('the second one')
  })

  const valid = { title: 'A title', description: 'A description', body: 'A body', tagList: ['a'] }
  test.each<[string, unknown]>([
    ['the article wrapper is missing', valid],
    ['the article wrapper is not an object', { article: 'A title' }],
    ['the title is missing', { article: { ...valid, title: undefined } }],
    ['the description is missing', { article: { ...valid, description: undefined } }],
    ['the body is missing', { article: { ...valid, body: undefined } }],
    ['the title is blank', { article: { ...valid, title: '' } }],
    ['the title is not a string', { article: { ...valid, title: 42 } }],
    ['the body is not a string', { article: { ...valid, body: { text: 'x' } } }],
    ['the tagList is not an array', { article: { ...valid, tagList: 'a,b' } }],
    ['the tagList holds a non-string', { article: { ...valid, tagList: ['a', 7] } }],
  ])('returns 422 when %s', async (_, body) => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .post('/api/articles')
      .set('Authorization', auth(token))
      .send(body as object)
    expectError(response, 422)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    const article = { title: 'A title', description: 'A description', body: 'A body' }
    expectError(await send(app, 'post', '/api/articles', authorization, { article }), 401)
  })
})

describe('PUT /api/articles/:slug', () => {
  test('returns 200 and the article with the new title, description and body', async () => {
    const { token, user } = await registerUser(app)
    const tag = unique('tag')
    const created = await createArticle(app, token, { tagList: [tag] })
    const changes = { title: `New title ${unique()}`, description: 'New description', body: 'New body' }
    const response = await request(app)
      .put(`/api/articles/${created.slug}`)
      .set('Authorization', auth(token))
      .send({ article: changes })
    expect(response.status).toBe(200)
    const { article } = expectShape(SingleArticleResponse, response.body)
    expect(article).toMatchObject({ ...changes, tagList: [tag], author: { username: user.username } })
  })

  test('keeps the update: the article’s slug then returns the new values', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    const update = await request(app)
      .put(`/api/articles/${created.slug}`)
      .set('Authorization', auth(token))
      .send({ article: { title: `Changed ${unique()}` } })
    const { article } = expectShape(SingleArticleResponse, update.body)
    const response = await request(app).get(`/api/articles/${article.slug}`)
    expect(response.status).toBe(200)
    expect(expectShape(SingleArticleResponse, response.body).article.title).toBe(article.title)
  })

  test('changes only the fields it is given', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    const response = await request(app)
      .put(`/api/articles/${created.slug}`)
      .set('Authorization', auth(token))
      .send({ article: { body: 'Only the body changed' } })
    expect(response.status).toBe(200)
    expect(expectShape(SingleArticleResponse, response.body).article).toMatchObject({
      slug: created.slug,
      title: created.title,
      description: created.description,
      body: 'Only the body changed',
    })
  })

  // Our choice: 403 (the spec lists only 401 and 422).
  test('returns 403 when the article belongs to someone else, and leaves it unchanged', async () => {
    const author = await registerUser(app)
    const intruder = await registerUser(app)
    const created = await createArticle(app, author.token)
    const response = await request(app)
      .put(`/api/articles/${created.slug}`)
      .set('Authorization', auth(intruder.token))
      .send({ article: { body: 'defaced' } })
    expectError(response, 403)
    const after = await request(app).get(`/api/articles/${created.slug}`)
    expect(expectShape(SingleArticleResponse, after.body).article.body).toBe(created.body)
  })

  test('returns 404 for an unknown slug', async () => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .put(`/api/articles/${unique('no-such-article')}`)
      .set('Authorization', auth(token))
      .send({ article: { body: 'x' } })
    expectError(response, 404)
  })

  test.each<[string, unknown]>([
    ['the article wrapper is missing', { title: 'No wrapper' }],
    ['the title is not a string', { article: { title: 42 } }],
    ['the description is not a string', { article: { description: ['x'] } }],
    ['the body is not a string', { article: { body: false } }],
    ['the title is blank', { article: { title: '' } }],
  ])('returns 422 when %s', async (_, body) => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    const response = await request(app)
      .put(`/api/articles/${created.slug}`)
      .set('Authorization', auth(token))
      .send(body as object)
    expectError(response, 422)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    const path = `/api/articles/${unique('some-article')}`
    expectError(await send(app, 'put', path, authorization, { article: { body: 'x' } }), 401)
  })
})

describe('DELETE /api/articles/:slug', () => {
  test('returns 204 with an empty body', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    expectNoContent(await request(app).delete(`/api/articles/${created.slug}`).set('Authorization', auth(token)))
  })

  test('makes the article 404 and removes it from the list', async () => {
    const { token, user } = await registerUser(app)
    const created = await createArticle(app, token)
    await request(app).delete(`/api/articles/${created.slug}`).set('Authorization', auth(token))
    expectError(await request(app).get(`/api/articles/${created.slug}`), 404)
    expect(await list(`/api/articles?author=${user.username}`)).toEqual({ articles: [], articlesCount: 0 })
  })

  test('removes the article’s comments', async () => {
    const { token } = await registerUser(app)
    const created = await createArticle(app, token)
    const comment = await createComment(app, token, created.slug)
    await request(app).delete(`/api/articles/${created.slug}`).set('Authorization', auth(token))
    expectError(await request(app).get(`/api/articles/${created.slug}/comments`), 404)
    const deleteComment = await request(app)
      .delete(`/api/articles/${created.slug}/comments/${comment.id}`)
      .set('Authorization', auth(token))
    expectError(deleteComment, 404)
  })

  // Our choice: 403 (the spec lists only 401 and 422).
  test('returns 403 when the article belongs to someone else, and keeps it', async () => {
    const author = await registerUser(app)
    const intruder = await registerUser(app)
    const created = await createArticle(app, author.token)
    const response = await request(app)
      .delete(`/api/articles/${created.slug}`)
      .set('Authorization', auth(intruder.token))
    expectError(response, 403)
    expect((await request(app).get(`/api/articles/${created.slug}`)).status).toBe(200)
  })

  test('returns 404 for an unknown slug', async () => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .delete(`/api/articles/${unique('no-such-article')}`)
      .set('Authorization', auth(token))
    expectError(response, 404)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'delete', `/api/articles/${unique('some-article')}`, authorization), 401)
  })
})

describe('tagList order', () => {
  // RealWorld's own API test suite creates an article with these two tags and reads
  // "dragons" first; made unique here so tests share no tag.
  const tagsOf = () => {
    const suffix = unique()
    return { given: [`training-${suffix}`, `dragons-${suffix}`], expected: [`dragons-${suffix}`, `training-${suffix}`] }
  }

  test('POST /api/articles returns tagList in alphabetical order, not the order given', async () => {
    const { token } = await registerUser(app)
    const { given, expected } = tagsOf()
    expect((await createArticle(app, token, { tagList: given })).tagList).toEqual(expected)
  })

  test('GET /api/articles/:slug returns tagList in alphabetical order', async () => {
    const { token } = await registerUser(app)
    const { given, expected } = tagsOf()
    const { slug } = await createArticle(app, token, { tagList: given })
    const response = await send(app, 'get', `/api/articles/${slug}`)
    expect(expectShape(SingleArticleResponse, response.body).article.tagList).toEqual(expected)
  })

  test('GET /api/articles and the feed return each tagList in alphabetical order', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await follow(app, reader.token, author.user.username)
    const { given, expected } = tagsOf()
    await createArticle(app, author.token, { tagList: given })
    const [listed] = (await list(`/api/articles?author=${author.user.username}`)).articles
    expect(listed?.tagList).toEqual(expected)
    const [inFeed] = (await list('/api/articles/feed', reader.token)).articles
    expect(inFeed?.tagList).toEqual(expected)
  })

  test('PUT /api/articles/:slug and (un)favoriting return tagList in alphabetical order', async () => {
    const { token } = await registerUser(app)
    const reader = await registerUser(app)
    const { given, expected } = tagsOf()
    const { slug } = await createArticle(app, token, { tagList: given })
    const updated = await send(app, 'put', `/api/articles/${slug}`, auth(token), { article: { body: 'New body' } })
    expect(expectShape(SingleArticleResponse, updated.body).article.tagList).toEqual(expected)
    expect((await favorite(app, reader.token, slug)).tagList).toEqual(expected)
    const unfavorited = await send(app, 'delete', `/api/articles/${slug}/favorite`, auth(reader.token))
    expect(expectShape(SingleArticleResponse, unfavorited.body).article.tagList).toEqual(expected)
  })
})
