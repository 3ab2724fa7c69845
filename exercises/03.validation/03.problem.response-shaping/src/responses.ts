import type { Article, PrismaClient, User } from './generated/prisma/client.js'

// The JSON shapes of the Conduit spec, shared by the routers that return users,
// profiles and articles.

// 👨‍💼 One public implementation of this API returned every favoriting user's email and
// password hash from its favorite endpoint: it loaded the users with an include and
// serialized what it loaded. Ours picks fields below, but every profile, author and
// comment starts from a full User row — hash and email included — one careless
// `...user` or `include` away from the wire.
// 🐨 Say which columns may be read at all: a `select` for someone else's public columns
// (id, username, bio, image) and one for the current user's (the same and their email).
// Read every user through one of them; only login reads the hash, to compare it.
// 💰 A select is a plain object you can export and reuse. Check it with `satisfies`
// against the generated Prisma.UserSelect type, so it keeps its literal type.
// 💰 For the row type, look up Prisma's generated `Prisma.UserGetPayload` (the "partial
// structures" page in the docs): given a select, it says what a query with it returns.
// 🐨 Then type each mapper by what it may read (PublicUser, not User), so the compiler
// refuses a mapper that reaches for a private column.
export function userResponse(user: User, token: string) {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio,
    image: user.image,
  }
}

export async function profileResponse(prisma: PrismaClient, user: User, currentUserId: number | null) {
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

async function getTagList(prisma: PrismaClient, articleId: number) {
  const rows = await prisma.articleTag.findMany({ where: { articleId }, include: { tag: true } })
  // Sorted: clients expect tags alphabetically, whatever order they were given in.
  return rows.map((row) => row.tag.name).sort()
}

export async function articleResponse(prisma: PrismaClient, article: Article, currentUserId: number | null) {
  // 🐨 An author is someone else: read them with the public select.
  const author = await prisma.user.findUnique({ where: { id: article.authorId } })
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
    body: article.body,
    tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited,
    favoritesCount: article.favoritesCount,
    author: await profileResponse(prisma, author!, currentUserId),
  }
}
