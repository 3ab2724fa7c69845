/**
 * Contract: "Profile" — GetProfileByUsername, FollowUserByUsername, UnfollowUserByUsername.
 *
 * Our choices where the spec is silent:
 * - an unknown username is 404 (with an error body);
 * - follow and unfollow are idempotent (following twice is still following);
 * - authentication is checked before the profile is looked up (401 before 404).
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import { auth, badAuthorizations, follow, registerUser, unique } from '../support/factories.js'
import { expectError, expectShape, send } from './assertions.js'
import { ProfileResponse } from './schemas.js'

const app = await getApp()

describe('GET /api/profiles/:username', () => {
  test('returns 200 and the profile', async () => {
    const { user } = await registerUser(app)
    const response = await request(app).get(`/api/profiles/${user.username}`)
    expect(response.status).toBe(200)
    const { profile } = expectShape(ProfileResponse, response.body)
    expect(profile).toEqual({ username: user.username, bio: user.bio, image: user.image, following: false })
  })

  test('shows the profile’s bio and image after the user updates them', async () => {
    const { token, user } = await registerUser(app)
    await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { bio: 'Hello', image: 'https://example.com/a.png' } })
    const response = await request(app).get(`/api/profiles/${user.username}`)
    expect(expectShape(ProfileResponse, response.body).profile).toMatchObject({
      bio: 'Hello',
      image: 'https://example.com/a.png',
    })
  })

  test('says following: true to a reader who follows the user', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await follow(app, reader.token, author.user.username)
    const response = await request(app)
      .get(`/api/profiles/${author.user.username}`)
      .set('Authorization', auth(reader.token))
    expect(response.status).toBe(200)
    expect(expectShape(ProfileResponse, response.body).profile.following).toBe(true)
  })

  test('says following: false to a signed-in reader who does not follow the user', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const response = await request(app)
      .get(`/api/profiles/${author.user.username}`)
      .set('Authorization', auth(reader.token))
    expect(expectShape(ProfileResponse, response.body).profile.following).toBe(false)
  })

  test('says following: false to an anonymous reader even when others follow the user', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await follow(app, reader.token, author.user.username)
    const response = await request(app).get(`/api/profiles/${author.user.username}`)
    expect(expectShape(ProfileResponse, response.body).profile.following).toBe(false)
  })

  test('returns 404 for an unknown username', async () => {
    expectError(await request(app).get(`/api/profiles/${unique('nobody')}`), 404)
  })
})

describe('POST /api/profiles/:username/follow', () => {
  test('returns 200 and the profile with following: true', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const response = await request(app)
      .post(`/api/profiles/${author.user.username}/follow`)
      .set('Authorization', auth(reader.token))
    expect(response.status).toBe(200)
    const { profile } = expectShape(ProfileResponse, response.body)
    expect(profile).toMatchObject({ username: author.user.username, following: true })
  })

  test('is idempotent: following twice still follows', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await follow(app, reader.token, author.user.username)
    const response = await request(app)
      .post(`/api/profiles/${author.user.username}/follow`)
      .set('Authorization', auth(reader.token))
    expect(response.status).toBe(200)
    expect(expectShape(ProfileResponse, response.body).profile.following).toBe(true)
  })

  test('returns 404 for an unknown username', async () => {
    const reader = await registerUser(app)
    const response = await request(app)
      .post(`/api/profiles/${unique('nobody')}/follow`)
      .set('Authorization', auth(reader.token))
    expectError(response, 404)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'post', `/api/profiles/${unique('someone')}/follow`, authorization), 401)
  })
})

describe('DELETE /api/profiles/:username/follow', () => {
  test('returns 200 and the profile with following: false', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await follow(app, reader.token, author.user.username)
    const response = await request(app)
      .delete(`/api/profiles/${author.user.username}/follow`)
      .set('Authorization', auth(reader.token))
    expect(response.status).toBe(200)
    const { profile } = expectShape(ProfileResponse, response.body)
    expect(profile).toMatchObject({ username: author.user.username, following: false })
  })

  test('keeps the unfollow: the profile then shows following: false', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    await follow(app, reader.token, author.user.username)
    await request(app).delete(`/api/profiles/${author.user.username}/follow`).set('Authorization', auth(reader.token))
    const response = await request(app)
      .get(`/api/profiles/${author.user.username}`)
      .set('Authorization', auth(reader.token))
    expect(expectShape(ProfileResponse, response.body).profile.following).toBe(false)
  })

  test('is idempotent: unfollowing a user one does not follow returns following: false', async () => {
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const response = await request(app)
      .delete(`/api/profiles/${author.user.username}/follow`)
      .set('Authorization', auth(reader.token))
    expect(response.status).toBe(200)
    expect(expectShape(ProfileResponse, response.body).profile.following).toBe(false)
  })

  test('returns 404 for an unknown username', async () => {
    const reader = await registerUser(app)
    const response = await request(app)
      .delete(`/api/profiles/${unique('nobody')}/follow`)
      .set('Authorization', auth(reader.token))
    expectError(response, 404)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'delete', `/api/profiles/${unique('someone')}/follow`, authorization), 401)
  })
})
