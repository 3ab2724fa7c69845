/**
 * Response schemas of the Conduit API, written from the RealWorld OpenAPI spec.
 *
 * Objects are strict (`z.strictObject`): a field the spec does not list — a
 * password hash, an internal id, a foreign key — fails the contract.
 *
 * Where the spec is loose we decided:
 * - `image` is a string or null (a new user has no image yet).
 * - `bio` is a string (the spec says string; a new user's bio is "").
 * - dates are ISO-8601 date-time strings, e.g. "2025-01-01T12:00:00.000Z".
 * - list endpoints return the newest item first (asserted in the tests).
 */
import { z } from 'zod'

/** ISO-8601 date-time string (our choice: the spec's `format: date-time`). */
const IsoDate = z.iso.datetime({ offset: true })

/** Our choice: `image` may be null until the user sets one. */
const Image = z.string().nullable()

export const User = z.strictObject({
  email: z.string(),
  token: z.string().min(1),
  username: z.string(),
  bio: z.string(),
  image: Image,
})

export const UserResponse = z.strictObject({ user: User })

export const Profile = z.strictObject({
  username: z.string(),
  bio: z.string(),
  image: Image,
  following: z.boolean(),
})

export const ProfileResponse = z.strictObject({ profile: Profile })

/** A single article (GET/POST/PUT /articles/:slug, favorite): includes `body`. */
export const Article = z.strictObject({
  slug: z.string().min(1),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  tagList: z.array(z.string()),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  favorited: z.boolean(),
  favoritesCount: z.int().nonnegative(),
  author: Profile,
})

export const SingleArticleResponse = z.strictObject({ article: Article })

/** An article in a list or the feed: the spec's list item has NO `body`. */
export const ArticleListItem = Article.omit({ body: true })

/** Lists are newest first (our choice); `articlesCount` is the total, not the page size. */
export const MultipleArticles = z.strictObject({
  articles: z.array(ArticleListItem),
  articlesCount: z.int().nonnegative(),
})

/** Comment ids are integers (the spec's `id: integer`). */
export const Comment = z.strictObject({
  id: z.int().positive(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  body: z.string(),
  author: Profile,
})

export const SingleCommentResponse = z.strictObject({ comment: Comment })

export const MultipleComments = z.strictObject({ comments: z.array(Comment) })

/** Tag names, each once; order unspecified. */
export const Tags = z.strictObject({ tags: z.array(z.string()) })

/**
 * Every error response (401, 403, 404, 422) has the spec's GenericErrorModel
 * shape with at least one message. Our choice: this shape is used for 401/403/404
 * too, although the spec gives 401 no body. Unlike the resource schemas this one
 * is NOT strict, so a later step may add e.g. a machine-readable `code`.
 */
export const ErrorBody = z.object({
  errors: z.object({
    // A client shows these to a person: each one must say something.
    body: z.array(z.string().trim().min(1)).min(1),
  }),
})

export type UserT = z.infer<typeof User>
export type ProfileT = z.infer<typeof Profile>
export type ArticleT = z.infer<typeof Article>
export type ArticleListItemT = z.infer<typeof ArticleListItem>
export type CommentT = z.infer<typeof Comment>
