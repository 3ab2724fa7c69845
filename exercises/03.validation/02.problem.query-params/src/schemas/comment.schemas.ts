import { z } from 'zod'
import { body, param, required, wrapper } from './fields.js'

const SlugParams = z.object({ slug: param() })

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
  params: z.object({ slug: param(), id: param() }),
}
