import type { CurrentUser } from './repositories/index.js'
import type { ArticleView, CommentView, Profile } from './services/views.js'

// The JSON shapes of the Conduit spec, built field by field from what the services
// return, never by passing an object on: a field added to a domain type stays out of
// the API until someone adds it here. No look-ups: the services have done them.

export function userResponse(user: CurrentUser, token: string) {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio,
    image: user.image,
  }
}

export function profileResponse(profile: Profile) {
  return {
    username: profile.username,
    bio: profile.bio,
    image: profile.image,
    following: profile.following,
  }
}

/** An article in a list or the feed: the spec's list item has no body. */
export function articleListItem(article: ArticleView) {
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    tagList: article.tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited: article.favorited,
    favoritesCount: article.favoritesCount,
    author: profileResponse(article.author),
  }
}

/** A single article: the list item and its body. */
export function articleResponse(article: ArticleView) {
  return { ...articleListItem(article), body: article.body }
}

export function commentResponse(comment: CommentView) {
  return {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    body: comment.body,
    author: profileResponse(comment.author),
  }
}
