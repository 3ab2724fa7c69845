/**
 * What a cache must never keep: an answer that something is missing. A reader who asks for
 * a name nobody has yet gets a 404; whoever registers that name a moment later must be
 * found at once, not once a TTL has run out.
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import { registerUser, unique } from '../support/factories.js'

describe('GET /api/profiles/:username', () => {
  test('a 404 is not cached: the name is found as soon as someone registers it', async () => {
    const app = await getApp()
    const username = unique('late')
    expect((await request(app).get(`/api/profiles/${username}`)).status).toBe(404)

    await registerUser(app, { username })

    const found = await request(app).get(`/api/profiles/${username}`)
    expect(found.status, 'the 404 was cached: keep only what was found').toBe(200)
    expect(found.body.profile.username).toBe(username)
  })
})
