import type { Article, Comment, Prisma, PrismaClient } from './generated/prisma/client.js'

// The JSON shapes of the Conduit spec, shared by the routers that return users,
// profiles, articles and comments.
//
// Two allow-lists keep private data in the database:
// - the `select`s below say which columns of a user a route may read at all. A profile,
//   an author, a comment's author or a favoriter is read with `publicUserSelect`, which
//   has no email and no password hash: what was never loaded cannot leak, whoever adds
//   an `include` or a `...spread` next year.
// - the mappers build each response field by field from those rows, never by copying a
//   row, so a column added to a table stays out of the API until someone adds it here.

// 🐨 the selects and their payload types are Prisma's business: move them into the Prisma
// user repository (src/repositories/prisma/user.repository.ts). The mappers here take the
// domain types instead (PublicUser, CurrentUser, Article, Comment from src/repositories/),
// and a repository where they took the client:
// 💰 profileResponse(users: UserRepository, user: PublicUser, currentUserId) asks
// users.isFollowing(currentUserId, user.id); an article's tagList is already on the Article.

/** The columns of someone else: enough for a profile, nothing private. */
export const publicUserSelect = {
  id: true,
  username: true,
  bio: true,
  image: true,
} satisfies Prisma.UserSelect

/** The columns of the user who is asking: their own email too, never the hash. */
export const currentUserSelect = { ...publicUserSelect, email: true } satisfies Prisma.UserSelect

export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>
export type CurrentUser = Prisma.UserGetPayload<{ select: typeof currentUserSelect }>

export function userResponse(user: CurrentUser, token: string) {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio,
    image: user.image,
  }
}

export async function profileResponse(prisma: PrismaClient, user: PublicUser, currentUserId: number | null) {
  let following = false
  if (currentUserId) {
    const follow = await prisma.follow.findUnique({
      where: { followerId_followingId: { followerId: currentUserId, followingId: user.id } },
    })
    following = !!follow
  }
  return {
    username: user.username,
    bio: user.bio,
    image: user.image,
    following,
  }
}

async function authorProfile(prisma: PrismaClient, authorId: number, currentUserId: number | null) {
  const author = await prisma.user.findUniqueOrThrow({ where: { id: authorId }, select: publicUserSelect })
  return profileResponse(prisma, author, currentUserId)
}

async function getTagList(prisma: PrismaClient, articleId: number) {
  const rows = await prisma.articleTag.findMany({ where: { articleId }, include: { tag: true } })
  // Sorted: clients expect tags alphabetically, whatever order they were given in.
  return rows.map((row) => row.tag.name).sort()
}

/** An article in a list or the feed: the spec's list item has no body. */
export async function articleListItem(prisma: PrismaClient, article: Article, currentUserId: number | null) {
  const tagList = await getTagList(prisma, article.id)
  let favorited = false
  if (currentUserId) {
    const fav = await prisma.favorite.findUnique({
      where: { userId_articleId: { userId: currentUserId, articleId: article.id } },
    })
    favorited = !!fav
  }
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited,
    favoritesCount: article.favoritesCount,
    author: await authorProfile(prisma, article.authorId, currentUserId),
  }
}

/** A single article: the list item and its body. */
export async function articleResponse(prisma: PrismaClient, article: Article, currentUserId: number | null) {
  return { ...(await articleListItem(prisma, article, currentUserId)), body: article.body }
}

export async function commentResponse(prisma: PrismaClient, comment: Comment, currentUserId: number | null) {
  return {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    body: comment.body,
    author: await authorProfile(prisma, comment.authorId, currentUserId),
  }
}
