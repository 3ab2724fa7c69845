/**
 * Contract: "Tags" — GetTags.
 *
 * Our choices where the spec is silent: the order of tags is not part of the
 * contract, and each tag is listed once however many articles use it.
 */
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { getApp } from '../support/app.js'
import { createArticle, registerUser, unique } from '../support/factories.js'
import { expectShape } from './assertions.js'
import { Tags } from './schemas.js'

const app = await getApp()

async function tags() {
  const response = await request(app).get('/api/tags')
  expect(response.status).toBe(200)
  return expectShape(Tags, response.body).tags
}

describe('GET /api/tags', () => {
  test('returns 200 and a list of tag names', async () => {
    const response = await request(app).get('/api/tags')
    expect(response.status).toBe(200)
    expectShape(Tags, response.body)
  })

  test('includes the tags of a new article', async () => {
    const { token } = await registerUser(app)
    const tagList = [unique('tag'), unique('tag')]
    await createArticle(app, token, { tagList })
    expect(await tags()).toEqual(expect.arrayContaining(tagList))
  })

  test('lists a tag used by two articles once', async () => {
    const { token } = await registerUser(app)
    const tag = unique('tag')
    await createArticle(app, token, { tagList: [tag] })
    await createArticle(app, token, { tagList: [tag, unique('tag')] })
    expect((await tags()).filter((name) => name === tag)).toEqual([tag])
  })
})
