// Every key the services cache under, in one place: a write that changes a value must
// clear its key, and that is easier to get right (and to review) when the keys are not
// spelled out in several files.

/** The article as everyone sees it. */
export const articleKey = (slug: string) => `article:${slug}`
/** A user as everyone sees them, by id: how articles and comments name their author. */
export const personKey = (id: number) => `person:${id}`
/** A user as everyone sees them, by username: how profiles are asked for. */
export const profileKey = (username: string) => `profile:${username}`
/** The tags in use. */
export const TAGS_KEY = 'tags'

/**
 * The version of every list page. A page is cached under the version current when it was
 * read; a write that may change any list forgets the version, the next read makes a new
 * one, and every page cached under the old one is never asked for again (its TTL, or the
 * LRU bound, removes it). Which pages an article write changes (the first page of every
 * filter it matches, and each page after it, shifted by one) is too many keys to name.
 */
export const ARTICLE_LISTS_VERSION = 'articles:version'
export const articleListKey = (version: string, filter: object) => `articles:${version}:${JSON.stringify(filter)}`
