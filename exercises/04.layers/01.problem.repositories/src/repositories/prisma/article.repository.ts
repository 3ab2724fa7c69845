import type { PrismaClient } from '../../generated/prisma/client.js'
import type { ArticleRepository } from '../article.repository.js'

// 🐨 This one is yours: keep the articles, their tags and their favorites in the
// database behind ArticleRepository (src/repositories/article.repository.ts says what
// each method promises). The users and comments beside this file are done: the same
// shape, for a smaller aggregate.
//
// 🐨 Build every Article field by field in one toArticle(row) function. A Prisma row
// carries more than the domain type (the `tags` relation you included, say), and the
// compiler will not stop you returning it: the contract suite compares with
// toStrictEqual and will.
// 💰 Name the include once, as a constant checked with `satisfies Prisma.ArticleInclude`:
// the tags relation, and of each tag only its name. Prisma.ArticleGetPayload turns it into
// the row type toArticle takes (src/responses.ts does the same for its user selects today).
// 💰 A tag reaches you two relations deep (article → articleTag → tag): tagList is the
// names, sorted, as the interface promises.
//
// 🐨 Wrap every write that the database can refuse in translated(() => …) from
// ./translate.js: a taken slug leaves as ConflictError "article already exists", a
// row already gone as NotFoundError "article not found" (fromPrismaError knows both).
//
// 💰 The queries you need are in today's src/routes/article.routes.ts and
// tag.routes.ts: move them here rather than writing them again. list() names people
// by username, and a Prisma where can filter through a relation (the author's username,
// or some favorite whose user has that username), so no look-up of the user comes first.
// 🦉 favorite()/unfavorite() may keep the inherited read-then-write of favoritesCount:
// module 05 makes it exact. This step only moves the code.

export function createPrismaArticleRepository(prisma: PrismaClient): ArticleRepository {
  // 💣 delete this stand-in as you write each method below.
  const notYet = (method: string) => () =>
    Promise.reject(
      new Error(`ArticleRepository.${method} is not written yet (src/repositories/prisma/article.repository.ts)`),
    )
  void prisma
  return {
    list: notYet('list'),
    feed: notYet('feed'),
    findBySlug: notYet('findBySlug'),
    create: notYet('create'),
    update: notYet('update'),
    delete: notYet('delete'),
    isFavorited: notYet('isFavorited'),
    favorite: notYet('favorite'),
    unfavorite: notYet('unfavorite'),
    tags: notYet('tags'),
  }
}
