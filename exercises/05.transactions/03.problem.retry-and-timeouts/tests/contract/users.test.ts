/**
 * Contract: "User and Authentication" — CreateUser, Login, GetCurrentUser, UpdateCurrentUser.
 *
 * Our choices where the spec is silent:
 * - login with a wrong password or an unknown email is 401 (with an error body);
 * - a duplicate email or username, on register and on update, is 422 (the spec lists only 422);
 * - blank strings are as invalid as missing fields (422);
 * - `{ "user": {} }` on update is 422 (the spec: "at least one field is required").
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import { auth, badAuthorizations, registerUser, unique } from '../support/factories.js'
import { expectError, expectShape, send } from './assertions.js'
import { ProfileResponse, UserResponse } from './schemas.js'

const app = await getApp()

function newUser() {
  const username = unique('user')
  return { username, email: `${username}@example.com`, password: `pw-${unique()}` }
}

describe('POST /api/users', () => {
  test('returns 201 and the new user with a token', async () => {
    const input = newUser()
    const response = await request(app).post('/api/users').send({ user: input })
    expect(response.status).toBe(201)
    const { user } = expectShape(UserResponse, response.body)
    expect(user).toMatchObject({ username: input.username, email: input.email })
    expect(user.token.length).toBeGreaterThan(0)
  })

  test('returns a token that authenticates the new user', async () => {
    const input = newUser()
    const registered = await request(app).post('/api/users').send({ user: input })
    const response = await request(app).get('/api/user').set('Authorization', auth(registered.body.user.token))
    expect(response.status).toBe(200)
    expect(expectShape(UserResponse, response.body).user.username).toBe(input.username)
  })

  test('never returns the password or its hash', async () => {
    const input = newUser()
    const response = await request(app).post('/api/users').send({ user: input })
    expect(response.status).toBe(201)
    expect(response.text).not.toContain(input.password)
    expect(response.body.user).not.toHaveProperty('password')
  })

  const valid = { username: 'valid-name', email: 'valid@example.com', password: 'valid-password' }
  test.each<[string, unknown]>([
    ['the user wrapper is missing', valid],
    ['the user wrapper is not an object', { user: 'alice' }],
    ['the username is missing', { user: { email: valid.email, password: valid.password } }],
    ['the email is missing', { user: { username: valid.username, password: valid.password } }],
    ['the password is missing', { user: { username: valid.username, email: valid.email } }],
    ['the username is blank', { user: { ...valid, username: '' } }],
    ['the email is blank', { user: { ...valid, email: '' } }],
    ['the password is blank', { user: { ...valid, password: '' } }],
    ['the username is not a string', { user: { ...valid, username: 42 } }],
    ['the email is not a string', { user: { ...valid, email: ['a@example.com'] } }],
    ['the password is not a string', { user: { ...valid, password: 12345678 } }],
  ])('returns 422 when %s', async (_, body) => {
    const response = await request(app)
      .post('/api/users')
      .send(body as object)
    expectError(response, 422)
  })

  test('returns 422 when the email is already taken', async () => {
    const existing = await registerUser(app)
    const response = await request(app)
      .post('/api/users')
      .send({ user: { ...newUser(), email: existing.user.email } })
    expectError(response, 422)
  })

  test('returns 422 when the username is already taken', async () => {
    const existing = await registerUser(app)
    const response = await request(app)
      .post('/api/users')
      .send({ user: { ...newUser(), username: existing.user.username } })
    expectError(response, 422)
  })
})

describe('POST /api/users/login', () => {
  test('returns 200 and the user with a token for the right password', async () => {
    const { user, password } = await registerUser(app)
    const response = await request(app)
      .post('/api/users/login')
      .send({ user: { email: user.email, password } })
    expect(response.status).toBe(200)
    const body = expectShape(UserResponse, response.body)
    expect(body.user).toMatchObject({ username: user.username, email: user.email })
  })

  test('returns a token that authenticates the user', async () => {
    const { user, password } = await registerUser(app)
    const login = await request(app)
      .post('/api/users/login')
      .send({ user: { email: user.email, password } })
    const response = await request(app).get('/api/user').set('Authorization', auth(login.body.user.token))
    expect(response.status).toBe(200)
    expect(expectShape(UserResponse, response.body).user.email).toBe(user.email)
  })

  // Our choice: bad credentials are 401, the same for both cases (no user enumeration).
  test('returns 401 when the password is wrong', async () => {
    const { user } = await registerUser(app)
    const response = await request(app)
      .post('/api/users/login')
      .send({ user: { email: user.email, password: 'not-the-password' } })
    expectError(response, 401)
  })

  test('returns 401 when the email is unknown', async () => {
    const response = await request(app)
      .post('/api/users/login')
      .send({ user: { email: `${unique('nobody')}@example.com`, password: 'whatever-password' } })
    expectError(response, 401)
  })

  test.each<[string, unknown]>([
    ['the user wrapper is missing', { email: 'a@example.com', password: 'password' }],
    ['the email is missing', { user: { password: 'password' } }],
    ['the password is missing', { user: { email: 'a@example.com' } }],
    ['the email is not a string', { user: { email: 42, password: 'password' } }],
    ['the password is not a string', { user: { email: 'a@example.com', password: { $ne: '' } } }],
  ])('returns 422 when %s', async (_, body) => {
    const response = await request(app)
      .post('/api/users/login')
      .send(body as object)
    expectError(response, 422)
  })
})

describe('GET /api/user', () => {
  test('returns 200 and the current user', async () => {
    const { token, user } = await registerUser(app)
    const response = await request(app).get('/api/user').set('Authorization', auth(token))
    expect(response.status).toBe(200)
    const body = expectShape(UserResponse, response.body)
    expect(body.user).toMatchObject({ username: user.username, email: user.email, bio: user.bio, image: user.image })
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'get', '/api/user', authorization), 401)
  })
})

describe('PUT /api/user', () => {
  test('returns 200 and the user with the new bio and image', async () => {
    const { token, user } = await registerUser(app)
    const response = await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { bio: 'I write things.', image: 'https://example.com/me.png' } })
    expect(response.status).toBe(200)
    const body = expectShape(UserResponse, response.body)
    expect(body.user).toMatchObject({
      username: user.username,
      email: user.email,
      bio: 'I write things.',
      image: 'https://example.com/me.png',
    })
  })

  test('keeps the update: the current user shows it afterwards', async () => {
    const { token } = await registerUser(app)
    await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { bio: 'Saved bio' } })
    const response = await request(app).get('/api/user').set('Authorization', auth(token))
    expect(expectShape(UserResponse, response.body).user.bio).toBe('Saved bio')
  })

  test('lets the user log in with a new email', async () => {
    const { token, password } = await registerUser(app)
    const email = `${unique('new')}@example.com`
    const update = await request(app).put('/api/user').set('Authorization', auth(token)).send({ user: { email } })
    expect(update.status).toBe(200)
    expect(expectShape(UserResponse, update.body).user.email).toBe(email)
    const login = await request(app).post('/api/users/login').send({ user: { email, password } })
    expect(login.status).toBe(200)
  })

  test('moves the profile to a new username', async () => {
    const { token, user } = await registerUser(app)
    const username = unique('renamed')
    const update = await request(app).put('/api/user').set('Authorization', auth(token)).send({ user: { username } })
    expect(update.status).toBe(200)
    expect(expectShape(UserResponse, update.body).user.username).toBe(username)
    const profile = await request(app).get(`/api/profiles/${username}`)
    expect(profile.status).toBe(200)
    expect(expectShape(ProfileResponse, profile.body).profile.username).toBe(username)
    expectError(await request(app).get(`/api/profiles/${user.username}`), 404)
  })

  test('lets the user log in with the new password and not the old one', async () => {
    const { token, user, password } = await registerUser(app)
    const newPassword = `new-${unique()}`
    const update = await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { password: newPassword } })
    expect(update.status).toBe(200)
    expect(update.text).not.toContain(newPassword)
    const withNew = await request(app)
      .post('/api/users/login')
      .send({ user: { email: user.email, password: newPassword } })
    expect(withNew.status).toBe(200)
    const withOld = await request(app)
      .post('/api/users/login')
      .send({ user: { email: user.email, password } })
    expectError(withOld, 401)
  })

  test('accepts the user’s own current email and username', async () => {
    const { token, user } = await registerUser(app)
    const response = await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { email: user.email, username: user.username, bio: 'same me' } })
    expect(response.status).toBe(200)
    expect(expectShape(UserResponse, response.body).user).toMatchObject({ email: user.email, bio: 'same me' })
  })

  test('returns 422 when the email belongs to another user', async () => {
    const other = await registerUser(app)
    const { token } = await registerUser(app)
    const response = await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { email: other.user.email } })
    expectError(response, 422)
  })

  test('returns 422 when the username belongs to another user', async () => {
    const other = await registerUser(app)
    const { token } = await registerUser(app)
    const response = await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send({ user: { username: other.user.username } })
    expectError(response, 422)
  })

  test.each<[string, unknown]>([
    ['the user wrapper is missing', { bio: 'no wrapper' }],
    ['the user object is empty', { user: {} }],
    ['the email is not a string', { user: { email: 42 } }],
    ['the username is not a string', { user: { username: true } }],
    ['the bio is not a string', { user: { bio: 42 } }],
    ['the image is not a string', { user: { image: 42 } }],
    ['the password is blank', { user: { password: '' } }],
  ])('returns 422 when %s', async (_, body) => {
    const { token } = await registerUser(app)
    const response = await request(app)
      .put('/api/user')
      .set('Authorization', auth(token))
      .send(body as object)
    expectError(response, 422)
  })

  test.each(badAuthorizations)('returns 401 %s', async (_, authorization) => {
    expectError(await send(app, 'put', '/api/user', authorization, { user: { bio: 'x' } }), 401)
  })
})
