import { z } from 'zod'
import { body, param, queryParam, required, wrapper } from './fields.js'

const SlugParams = z.object({ slug: param() })

/** GET /api/articles */
export const listArticles = {
  query: z.object({
    tag: queryParam(),
    author: queryParam(),
    favorited: queryParam(),
    limit: queryParam(),
    offset: queryParam(),
  }),
}

/** GET /api/articles/feed */
export const feed = {
  query: z.object({ limit: queryParam(), offset: queryParam() }),
}

/** GET and DELETE /api/articles/:slug, and /api/articles/:slug/favorite */
export const article = {
  params: SlugParams,
}

const NewArticle = wrapper({
  title: required(),
  description: required(),
  body: required(),
  tagList: z.array(required(), { error: 'must be an array of strings' }).optional(),
})

/** POST /api/articles */
export const createArticle = {
  body: body({ article: NewArticle }),
}

const ArticleChanges = wrapper({
  title: required().optional(),
  description: required().optional(),
  body: required().optional(),
})

/** PUT /api/articles/:slug */
export const updateArticle = {
  params: SlugParams,
  body: body({ article: ArticleChanges }),
}
