import { z } from 'zod'
import { body, required, slug, wholeNumber, wrapper } from './fields.js'

const SlugParams = z.object({ slug: slug() })

/** GET /api/articles/:slug/comments */
export const comments = {
  params: SlugParams,
}

/** POST /api/articles/:slug/comments */
export const createComment = {
  params: SlugParams,
  body: body({ comment: wrapper({ body: required() }) }),
}

/** DELETE /api/articles/:slug/comments/:id */
export const deleteComment = {
  params: z.object({ slug: slug(), id: wholeNumber(1, Number.MAX_SAFE_INTEGER, 'must be a positive whole number') }),
}
