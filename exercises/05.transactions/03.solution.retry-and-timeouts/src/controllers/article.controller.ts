import type { RequestHandler } from 'express'
import { currentUserId, requiredUserId } from '../middleware/current-user.js'
import { loadedArticle } from '../middleware/load-article.js'
import { input } from '../middleware/validate.js'
import { articleListItem, articleResponse } from '../responses.js'
import * as schemas from '../schemas/article.schemas.js'
import type { ArticleService, ArticleViews } from '../services/article.service.js'

const listResponse = ({ articles, articlesCount }: ArticleViews) => ({
  articles: articles.map(articleListItem),
  articlesCount,
})

export function createArticleController({ articles }: { articles: ArticleService }) {
  const list: RequestHandler = async (_req, res) => {
    const query = input(res, schemas.listArticles).query
    res.json(listResponse(await articles.list(query, currentUserId(res))))
  }

  const feed: RequestHandler = async (_req, res) => {
    const page = input(res, schemas.feed).query
    res.json(listResponse(await articles.feed(requiredUserId(res), page)))
  }

  const get: RequestHandler = async (_req, res) => {
    res.json({ article: articleResponse(await articles.view(loadedArticle(res), currentUserId(res))) })
  }

  const create: RequestHandler = async (_req, res) => {
    const draft = input(res, schemas.createArticle).body.article
    res.status(201).json({ article: articleResponse(await articles.create(requiredUserId(res), draft)) })
  }

  const update: RequestHandler = async (_req, res) => {
    const edit = input(res, schemas.updateArticle).body.article
    res.json({ article: articleResponse(await articles.update(requiredUserId(res), loadedArticle(res), edit)) })
  }

  const remove: RequestHandler = async (_req, res) => {
    await articles.remove(requiredUserId(res), loadedArticle(res))
    res.status(204).end()
  }

  const favorite: RequestHandler = async (_req, res) => {
    res.json({ article: articleResponse(await articles.favorite(requiredUserId(res), loadedArticle(res))) })
  }

  const unfavorite: RequestHandler = async (_req, res) => {
    res.json({ article: articleResponse(await articles.unfavorite(requiredUserId(res), loadedArticle(res))) })
  }

  const tags: RequestHandler = async (_req, res) => {
    res.json({ tags: await articles.tags() })
  }

  return { list, feed, get, create, update, remove, favorite, unfavorite, tags }
}

export type ArticleController = ReturnType<typeof createArticleController>
