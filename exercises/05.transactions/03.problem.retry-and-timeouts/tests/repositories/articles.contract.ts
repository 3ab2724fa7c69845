import { describe, expect, test } from 'vitest'
import { ConflictError, NotFoundError } from '../../src/errors/app-error.js'
import type { Article } from '../../src/repositories/index.js'
import { unique } from '../support/factories.js'
import { expectRefusal, newArticle, newUser, tick, type MakeRepositories } from './make.js'

const slugs = (articles: Article[]) => articles.map((article) => article.slug)

export function describeArticleRepositoryContract(make: MakeRepositories): void {
  describe('articles', () => {
    test('create returns the article, exactly: tags sorted and once each, no count, no rows of other tables', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const [b, a] = [unique('b-tag'), unique('a-tag')]
      const slug = unique('slug')
      const input = { slug, title: 'T', description: 'D', body: 'B', authorId: author.id, tagList: [b, a, b] }
      const article = await repositories.articles.create(input)
      expect(article).toStrictEqual({
        id: expect.any(Number),
        slug,
        title: 'T',
        description: 'D',
        body: 'B',
        tagList: [a, b],
        favoritesCount: 0,
        authorId: author.id,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      })
      expect(await repositories.articles.findBySlug(slug)).toStrictEqual(article)
      expect(await repositories.articles.findBySlug(unique('no-such'))).toBeNull()
    })

    test('a taken slug is a conflict', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const first = await newArticle(repositories, author.id)
      await expectRefusal(newArticle(repositories, author.id, { slug: first.slug }), ConflictError, 'article already exists')
    })

    test('list: newest first, a page of it, and the count of all that match', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const made: Article[] = []
      for (let i = 0; i < 4; i += 1) {
        made.push(await newArticle(repositories, author.id))
        await tick()
      }
      const newest = slugs(made).reverse()
      const all = await repositories.articles.list({ author: author.username, limit: 10, offset: 0 })
      expect(all).toStrictEqual({ articles: [...made].reverse(), articlesCount: 4 })
      const page = await repositories.articles.list({ author: author.username, limit: 2, offset: 1 })
      expect({ slugs: slugs(page.articles), count: page.articlesCount }).toEqual({ slugs: newest.slice(1, 3), count: 4 })
      const past = await repositories.articles.list({ author: author.username, limit: 2, offset: 4 })
      expect(past).toStrictEqual({ articles: [], articlesCount: 4 })
    })

    test('list filters by tag, by author and by who favorited, alone and together', async () => {
      const repositories = make()
      const { articles } = repositories
      const alice = await newUser(repositories)
      const bob = await newUser(repositories)
      const tag = unique('tag')
      const aliceTagged = await newArticle(repositories, alice.id, { tagList: [tag] })
      await tick()
      const bobTagged = await newArticle(repositories, bob.id, { tagList: [tag, unique('other')] })
      await tick()
      const aliceUntagged = await newArticle(repositories, alice.id)
      await articles.favorite(bob.id, aliceTagged.id)
      await articles.favorite(bob.id, aliceUntagged.id)

      const page = { limit: 20, offset: 0 }
      const found = async (filter: { tag?: string; author?: string; favoritedBy?: string }) => {
        const result = await articles.list({ ...filter, ...page })
        return { slugs: slugs(result.articles), count: result.articlesCount }
      }
      expect(await found({ tag })).toEqual({ slugs: [bobTagged.slug, aliceTagged.slug], count: 2 })
      expect(await found({ author: alice.username })).toEqual({ slugs: [aliceUntagged.slug, aliceTagged.slug], count: 2 })
      expect(await found({ favoritedBy: bob.username })).toEqual({ slugs: [aliceUntagged.slug, aliceTagged.slug], count: 2 })
      expect(await found({ tag, author: alice.username })).toEqual({ slugs: [aliceTagged.slug], count: 1 })
      expect(await found({ tag, favoritedBy: bob.username })).toEqual({ slugs: [aliceTagged.slug], count: 1 })
      expect(await found({ author: bob.username, favoritedBy: bob.username })).toEqual({ slugs: [], count: 0 })
      expect(await found({ tag: unique('unused') })).toEqual({ slugs: [], count: 0 })
      expect(await found({ author: unique('nobody') })).toEqual({ slugs: [], count: 0 })
      expect(await found({ favoritedBy: unique('nobody') })).toEqual({ slugs: [], count: 0 })
    })

    test('the feed holds the articles of the authors one follows, newest first, and nothing else', async () => {
      const repositories = make()
      const reader = await newUser(repositories)
      const followed = await newUser(repositories)
      const alsoFollowed = await newUser(repositories)
      const stranger = await newUser(repositories)
      await repositories.users.follow(reader.id, followed.id)
      await repositories.users.follow(reader.id, alsoFollowed.id)
      await repositories.users.follow(stranger.id, reader.id)
      const first = await newArticle(repositories, followed.id)
      await tick()
      await newArticle(repositories, stranger.id)
      await newArticle(repositories, reader.id)
      await tick()
      const second = await newArticle(repositories, alsoFollowed.id)
      const feed = await repositories.articles.feed(reader.id, { limit: 20, offset: 0 })
      expect(feed).toStrictEqual({ articles: [second, first], articlesCount: 2 })
      const paged = await repositories.articles.feed(reader.id, { limit: 1, offset: 1 })
      expect(paged).toStrictEqual({ articles: [first], articlesCount: 2 })
      await repositories.users.unfollow(reader.id, alsoFollowed.id)
      expect(slugs((await repositories.articles.feed(reader.id, { limit: 20, offset: 0 })).articles)).toEqual([first.slug])
    })

    test('update changes the given fields only and moves updatedAt; "article not found" for none', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const article = await newArticle(repositories, author.id, { tagList: [unique('tag')] })
      await tick()
      const updated = await repositories.articles.update(article.id, { body: 'rewritten', title: undefined })
      expect(updated).toStrictEqual({ ...article, body: 'rewritten', updatedAt: expect.any(Date) })
      expect(updated.updatedAt.getTime()).toBeGreaterThan(article.updatedAt.getTime())
      expect(await repositories.articles.findBySlug(article.slug)).toStrictEqual(updated)
      await expectRefusal(repositories.articles.update(987_654_321, { body: 'x' }), NotFoundError, 'article not found')
    })

    test('delete takes the article, its comments and its favorites; twice is "article not found"', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const fan = await newUser(repositories)
      const article = await newArticle(repositories, author.id)
      const comment = await repositories.comments.create({ body: 'hi', articleId: article.id, authorId: fan.id })
      await repositories.articles.favorite(fan.id, article.id)
      await repositories.articles.delete(article.id)
      expect(await repositories.articles.findBySlug(article.slug)).toBeNull()
      expect(await repositories.comments.findById(comment.id)).toBeNull()
      expect(await repositories.articles.isFavorited(fan.id, article.id)).toBe(false)
      const listed = await repositories.articles.list({ favoritedBy: fan.username, limit: 20, offset: 0 })
      expect(listed.articlesCount).toBe(0)
      await expectRefusal(repositories.articles.delete(article.id), NotFoundError, 'article not found')
    })

    test('favorite counts each user once; unfavorite takes it back, and never below zero', async () => {
      const repositories = make()
      const { articles } = repositories
      const author = await newUser(repositories)
      const alice = await newUser(repositories)
      const bob = await newUser(repositories)
      const article = await newArticle(repositories, author.id)
      expect(await articles.isFavorited(alice.id, article.id)).toBe(false)
      expect((await articles.favorite(alice.id, article.id)).favoritesCount).toBe(1)
      expect((await articles.favorite(alice.id, article.id)).favoritesCount).toBe(1)
      const twice = await articles.favorite(bob.id, article.id)
      expect(twice).toStrictEqual({ ...article, favoritesCount: 2, updatedAt: expect.any(Date) })
      expect(await articles.isFavorited(alice.id, article.id)).toBe(true)
      expect(await articles.isFavorited(author.id, article.id)).toBe(false)
      expect((await articles.unfavorite(alice.id, article.id)).favoritesCount).toBe(1)
      expect((await articles.unfavorite(alice.id, article.id)).favoritesCount).toBe(1)
      expect((await articles.unfavorite(bob.id, article.id)).favoritesCount).toBe(0)
      expect((await articles.unfavorite(author.id, article.id)).favoritesCount).toBe(0)
      expect((await articles.findBySlug(article.slug))?.favoritesCount).toBe(0)
    })

    test('tags lists each tag in use once, and forgets a tag whose last article is gone', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const [shared, lonely] = [unique('shared'), unique('lonely')]
      await newArticle(repositories, author.id, { tagList: [shared] })
      await newArticle(repositories, author.id, { tagList: [shared] })
      const doomed = await newArticle(repositories, author.id, { tagList: [lonely] })
      const before = await repositories.articles.tags()
      expect(before.filter((tag) => tag === shared)).toHaveLength(1)
      expect(before).toContain(lonely)
      await repositories.articles.delete(doomed.id)
      const after = await repositories.articles.tags()
      expect(after).toContain(shared)
      expect(after).not.toContain(lonely)
    })

    test('what a caller does to a result changes nothing stored', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const tag = unique('tag')
      const article = await newArticle(repositories, author.id, { tagList: [tag] })
      article.tagList.push('sneaked-in')
      article.title = 'changed'
      const found = await repositories.articles.findBySlug(article.slug)
      found?.tagList.push('sneaked-in')
      const again = await repositories.articles.findBySlug(article.slug)
      expect({ title: again?.title, tagList: again?.tagList }).toEqual({ title: `Title ${article.slug}`, tagList: [tag] })
    })
  })
}
