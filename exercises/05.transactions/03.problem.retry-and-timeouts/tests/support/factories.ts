/**
 * HTTP factories: every test makes its own data through the public API (never
 * the database), so the same tests run unchanged against every step's app.
 *
 * Names are unique across tests and test files (a counter plus a random suffix),
 * so no test depends on another test's data or on the order tests run in.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Express } from 'express'
import request from 'supertest'
import type { ArticleT, CommentT, ProfileT, UserT } from '../contract/schemas.js'

let counter = 0

/** A name no other test (in any file) uses: prefix + counter + random suffix. */
export function unique(prefix = 'x'): string {
  counter += 1
  return `${prefix}${counter}${randomBytes(4).toString('hex')}`
}

/** The Authorization header value the spec asks for: `Token <jwt>`. */
export function auth(token: string): string {
  return `Token ${token}`
}

/** A well-formed JWT signed with a secret the app does not know. */
export function forgedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const header = encode({ alg: 'HS256', typ: 'JWT' })
  const payload = encode({ id: 1, userId: 1, sub: '1', username: 'someone', iat: Math.floor(Date.now() / 1000) })
  const signature = createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

/** Ways to send a protected request without valid credentials: each must be 401. */
export const badAuthorizations: Array<[label: string, header: string | undefined]> = [
  ['without a token', undefined],
  ['with a malformed token', 'Token not-a-jwt'],
  ['with a token signed by someone else', `Token ${forgedToken()}`],
]

function expectStatus(what: string, response: request.Response, status: number): void {
  if (response.status !== status) {
    throw new Error(
      `🚨 factory ${what} expected ${status} but got ${response.status}: ${JSON.stringify(response.body)}`,
    )
  }
}

export interface RegisteredUser {
  token: string
  user: UserT
  password: string
}

export async function registerUser(
  app: Express,
  overrides: Partial<{ username: string; email: string; password: string }> = {},
): Promise<RegisteredUser> {
  const username = overrides.username ?? unique('user')
  const email = overrides.email ?? `${username}@example.com`
  const password = overrides.password ?? `pw-${unique()}`
  const response = await request(app).post('/api/users').send({ user: { username, email, password } })
  expectStatus('registerUser (POST /api/users)', response, 201)
  const user = response.body.user as UserT
  return { token: user.token, user, password }
}

export interface NewArticle {
  title: string
  description: string
  body: string
  tagList: string[]
}

export async function createArticle(
  app: Express,
  token: string,
  overrides: Partial<NewArticle> = {},
): Promise<ArticleT> {
  const name = unique('article')
  const article = {
    title: `Title ${name}`,
    description: `Description of ${name}`,
    body: `Body of ${name}`,
    ...overrides,
  }
  const response = await request(app).post('/api/articles').set('Authorization', auth(token)).send({ article })
  expectStatus('createArticle (POST /api/articles)', response, 201)
  return response.body.article as ArticleT
}

export async function createComment(
  app: Express,
  token: string,
  slug: string,
  overrides: Partial<{ body: string }> = {},
): Promise<CommentT> {
  const comment = { body: `Comment ${unique()}`, ...overrides }
  const response = await request(app)
    .post(`/api/articles/${slug}/comments`)
    .set('Authorization', auth(token))
    .send({ comment })
  expectStatus('createComment (POST /api/articles/:slug/comments)', response, 200)
  return response.body.comment as CommentT
}

export async function follow(app: Express, token: string, username: string): Promise<ProfileT> {
  const response = await request(app).post(`/api/profiles/${username}/follow`).set('Authorization', auth(token))
  expectStatus('follow (POST /api/profiles/:username/follow)', response, 200)
  return response.body.profile as ProfileT
}

export async function favorite(app: Express, token: string, slug: string): Promise<ArticleT> {
  const response = await request(app).post(`/api/articles/${slug}/favorite`).set('Authorization', auth(token))
  expectStatus('favorite (POST /api/articles/:slug/favorite)', response, 200)
  return response.body.article as ArticleT
}
