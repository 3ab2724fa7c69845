import type { CacheAside } from '../cache/cache-aside.js'
import type { Article, Comment, PublicUser, Repositories, UserRepository } from '../repositories/index.js'
import { personKey, profileKey } from './cache-keys.js'

// What the API shows of a record depends on who is looking: whether they follow the
// author, whether they favorited the article. These views add that to the domain
// objects; the controllers turn them into JSON.
//
// That line is also the line of what may be cached: the domain objects are the same for
// every reader and may be shared; `following` and `favorited` belong to one reader and are
// looked up for each request. A cached view would show one reader's answers to another.

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

const PERSON_TTL_MS = 60_000

/** People as everyone sees them, read through the cache; who follows whom is not cached. */
export interface People {
  byId(id: number): Promise<PublicUser | null>
  byUsername(username: string): Promise<PublicUser | null>
  isFollowing(followerId: number, followingId: number): Promise<boolean>
}

export function cachedPeople(users: UserRepository, cache: CacheAside): People {
  return {
    byId: (id) => cache.getOrLoad(personKey(id), PERSON_TTL_MS, () => users.findById(id)),
    byUsername: (username) => cache.getOrLoad(profileKey(username), PERSON_TTL_MS, () => users.findByUsername(username)),
    isFollowing: (followerId, followingId) => users.isFollowing(followerId, followingId),
  }
}

export async function profileView(people: People, user: PublicUser, viewerId: number | null): Promise<Profile> {
  const following = viewerId === null ? false : await people.isFollowing(viewerId, user.id)
  return { ...user, following }
}

async function authorOf(people: People, authorId: number, viewerId: number | null): Promise<Profile> {
  const author = await people.byId(authorId)
  // The foreign key makes this impossible; if it happens, it is a bug (a 500), not a 404.
  if (!author) throw new Error(`author ${authorId} of a stored record does not exist`)
  return profileView(people, author, viewerId)
}

export async function articleView(
  { people, articles }: { people: People; articles: Pick<Repositories['articles'], 'isFavorited'> },
  article: Article,
  viewerId: number | null,
): Promise<ArticleView> {
  const favorited = viewerId === null ? false : await articles.isFavorited(viewerId, article.id)
  return { ...article, favorited, author: await authorOf(people, article.authorId, viewerId) }
}

export async function commentView(people: People, comment: Comment, viewerId: number | null): Promise<CommentView> {
  return { ...comment, author: await authorOf(people, comment.authorId, viewerId) }
}
