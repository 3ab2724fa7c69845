import { z } from 'zod'
import { body, queryParam, required, slug, wholeNumber, wrapper } from './fields.js'

const SlugParams = z.object({ slug: slug() })

/**
 * One page of a list. The spec's default limit is 20; 100 is ours, so that one request
 * cannot ask for the whole table. Parameters the API does not know (a cache buster, a
 * `page` from another API) are ignored, as clients expect of a query string.
 */
const Page = {
  limit: wholeNumber(1, 100, 'must be a whole number from 1 to 100').default(20),
  offset: wholeNumber(0, Number.MAX_SAFE_INTEGER, 'must be a whole number, 0 or more').default(0),
}

/** GET /api/articles */
export const listArticles = {
  query: z.object({
    tag: queryParam(),
    author: queryParam(),
    favorited: queryParam(),
    ...Page,
  }),
}

/** GET /api/articles/feed */
export const feed = {
  query: z.object(Page),
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
