import type { Article, Comment, CurrentUser, PublicUser, Repositories, UserRepository } from './repositories/index.js'

// The JSON shapes of the Conduit spec, shared by the routers that return users,
// profiles, articles and comments. Each is built field by field from a domain object,
// never by passing one on, so a field added to a type stays out of the API until
// someone adds it here. What a profile may contain was settled earlier still: the
// repositories hand out a PublicUser, which has no email and no hash to leak.

// 🐨 once the services return views (an article with `favorited` and its author's
// profile, a comment with its author's), these become plain functions of one argument,
// with no look-ups and no repositories.
export function userResponse(user: CurrentUser, token: string) {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio,
    image: user.image,
  }
}

export async function profileResponse(users: UserRepository, user: PublicUser, currentUserId: number | null) {
  const following = currentUserId ? await users.isFollowing(currentUserId, user.id) : false
  return {
    username: user.username,
    bio: user.bio,
    image: user.image,
    following,
  }
}

async function authorProfile(users: UserRepository, authorId: number, currentUserId: number | null) {
  const author = await users.findById(authorId)
  // The foreign key makes this impossible; if it happens, it is a bug (a 500), not a 404.
  if (!author) throw new Error(`author ${authorId} of a stored record does not exist`)
  return profileResponse(users, author, currentUserId)
}

/** An article in a list or the feed: the spec's list item has no body. */
export async function articleListItem(
  { users, articles }: Pick<Repositories, 'users' | 'articles'>,
  article: Article,
  currentUserId: number | null,
) {
  const favorited = currentUserId ? await articles.isFavorited(currentUserId, article.id) : false
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    tagList: article.tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited,
    favoritesCount: article.favoritesCount,
    author: await authorProfile(users, article.authorId, currentUserId),
  }
}

/** A single article: the list item and its body. */
export async function articleResponse(
  repositories: Pick<Repositories, 'users' | 'articles'>,
  article: Article,
  currentUserId: number | null,
) {
  return { ...(await articleListItem(repositories, article, currentUserId)), body: article.body }
}

export async function commentResponse(users: UserRepository, comment: Comment, currentUserId: number | null) {
  return {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    body: comment.body,
    author: await authorProfile(users, comment.authorId, currentUserId),
  }
}
