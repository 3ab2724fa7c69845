import type { Express } from 'express'
import request from 'supertest'
import { expect } from 'vitest'
import { z } from 'zod'
import { ErrorBody } from './schemas.js'

/** Parses a response body with a contract schema; fails with a readable report. */
export function expectShape<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body)
  if (!result.success) {
    expect.fail(
      `🚨 response does not match the contract:\n${z.prettifyError(result.error)}\nbody: ${JSON.stringify(body)}`,
    )
  }
  return result.data
}

/** An error response: the status AND the spec's `{ errors: { body: [...] } }` shape. */
export function expectError(response: request.Response, status: number): void {
  expect(response.status, `🚨 expected ${status}, body: ${JSON.stringify(response.body)}`).toBe(status)
  expectShape(ErrorBody, response.body)
}

/** A 204 with nothing in it. */
export function expectNoContent(response: request.Response): void {
  expect(response.status, `🚨 expected 204, body: ${JSON.stringify(response.body)}`).toBe(204)
  expect(response.text ?? '').toBe('')
}

export type Method = 'get' | 'post' | 'put' | 'delete'

/** Sends a request with an optional Authorization header value and JSON body. */
export function send(app: Express, method: Method, path: string, authorization?: string, body?: object): request.Test {
  let req = request(app)[method](path)
  if (authorization !== undefined) req = req.set('Authorization', authorization)
  if (body !== undefined) req = req.send(body)
  return req
}
