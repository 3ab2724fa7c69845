import request from 'supertest'
import { describe, expect, test } from 'vitest'

process.env.PORT = '0'
const { app } = await import('../src/app.js')

describe('GET /api/tags', () => {
  test('lists no tags on an empty database', async () => {
    const response = await request(app).get('/api/tags')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ tags: [] })
  })
})
