import { describe, expect, test } from 'vitest'
import { NotFoundError } from '../../src/errors/app-error.js'
import { expectRefusal, newArticle, newUser, tick, type MakeRepositories } from './make.js'

export function describeCommentRepositoryContract(make: MakeRepositories): void {
  describe('comments', () => {
    test('create returns the comment, exactly; findById reads it back', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const article = await newArticle(repositories, author.id)
      const comment = await repositories.comments.create({ body: 'First!', articleId: article.id, authorId: author.id })
      expect(comment).toStrictEqual({
        id: expect.any(Number),
        body: 'First!',
        articleId: article.id,
        authorId: author.id,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      })
      expect(await repositories.comments.findById(comment.id)).toStrictEqual(comment)
      expect(await repositories.comments.findById(987_654_321)).toBeNull()
    })

    test('an article’s comments, newest first, and only its own', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const article = await newArticle(repositories, author.id)
      const other = await newArticle(repositories, author.id)
      const made = []
      for (const body of ['one', 'two', 'three']) {
        made.push(await repositories.comments.create({ body, articleId: article.id, authorId: author.id }))
        await repositories.comments.create({ body, articleId: other.id, authorId: author.id })
        await tick()
      }
      expect(await repositories.comments.listByArticle(article.id)).toStrictEqual(made.reverse())
      const lonely = await newArticle(repositories, author.id)
      expect(await repositories.comments.listByArticle(lonely.id)).toStrictEqual([])
    })

    test('delete removes the comment; twice is "comment not found"', async () => {
      const repositories = make()
      const author = await newUser(repositories)
      const article = await newArticle(repositories, author.id)
      const kept = await repositories.comments.create({ body: 'kept', articleId: article.id, authorId: author.id })
      const doomed = await repositories.comments.create({ body: 'doomed', articleId: article.id, authorId: author.id })
      await repositories.comments.delete(doomed.id)
      expect(await repositories.comments.findById(doomed.id)).toBeNull()
      expect(await repositories.comments.listByArticle(article.id)).toStrictEqual([kept])
      await expectRefusal(repositories.comments.delete(doomed.id), NotFoundError, 'comment not found')
    })
  })
}
