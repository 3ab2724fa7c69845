import type { Article, Comment, PublicUser, Repositories, UserRepository } from '../repositories/index.js'

// What the API shows of a record depends on who is looking: whether they follow the
// author, whether they favorited the article. These views add that to the domain
// objects; the controllers turn them into JSON.

export interface Profile extends PublicUser {
  following: boolean
}

export interface ArticleView extends Article {
  favorited: boolean
  author: Profile
}

export interface CommentView extends Comment {
  author: Profile
}

export async function profileView(users: UserRepository, user: PublicUser, viewerId: number | null): Promise<Profile> {
  const following = viewerId === null ? false : await users.isFollowing(viewerId, user.id)
  return { ...user, following }
}

async function authorOf(users: UserRepository, authorId: number, viewerId: number | null): Promise<Profile> {
  const author = await users.findById(authorId)
  // The foreign key makes this impossible; if it happens, it is a bug (a 500), not a 404.
  if (!author) throw new Error(`author ${authorId} of a stored record does not exist`)
  return profileView(users, author, viewerId)
}

export async function articleView(
  { users, articles }: Pick<Repositories, 'users' | 'articles'>,
  article: Article,
  viewerId: number | null,
): Promise<ArticleView> {
  const favorited = viewerId === null ? false : await articles.isFavorited(viewerId, article.id)
  return { ...article, favorited, author: await authorOf(users, article.authorId, viewerId) }
}

export async function commentView(users: UserRepository, comment: Comment, viewerId: number | null): Promise<CommentView> {
  return { ...comment, author: await authorOf(users, comment.authorId, viewerId) }
}
