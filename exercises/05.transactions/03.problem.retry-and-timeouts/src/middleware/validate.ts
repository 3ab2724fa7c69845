import type { RequestHandler, Response } from 'express'
import type { z } from 'zod'
import { ValidationError } from '../errors/app-error.js'

/** What a route accepts, one schema per part of the request; a part without one is not read. */
export interface RequestSchemas {
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined

/** A request's input once validate() has parsed it: the types come from the schemas. */
export interface Input<S extends RequestSchemas> {
  params: Parsed<S['params']>
  query: Parsed<S['query']>
  body: Parsed<S['body']>
}

const PARTS = ['params', 'query', 'body'] as const

/**
 * The input validate() parsed for each response in flight. A WeakMap rather than
 * res.locals: nothing else can overwrite it, and input() can check it was parsed
 * with the schemas its caller expects.
 */
const parsedInput = new WeakMap<Response, { schemas: RequestSchemas; input: unknown }>()

/**
 * Names the field a problem is about, from where the schema found it: the last key on
 * the path, with any array positions after it ("email", "tagList[2]"). The wrapper
 * object ("user", "article") is named only when the problem is the wrapper itself.
 */
function fieldName(part: (typeof PARTS)[number], path: readonly PropertyKey[]): string {
  let name: string = part
  let positions = ''
  for (const key of path) {
    if (typeof key === 'number') positions += `[${key}]`
    else {
      name = String(key)
      positions = ''
    }
  }
  return `${name}${positions}`
}

/**
 * The one middleware that lets input in. It parses every part of the request that the
 * route has a schema for, and either hands the parsed values on — `req.body` replaced
 * by its parsed self, all three parts readable with input(res, schemas) — or fails with
 * one ValidationError that lists every problem it found, each message led by its field.
 *
 * Express 5's `req.query` is a getter that parses the URL again on every read, so it
 * cannot be replaced: read the parsed query through input().
 */
export function validate<S extends RequestSchemas>(schemas: S): RequestHandler {
  return (req, res, next) => {
    const problems: string[] = []
    const input: Record<string, unknown> = {}
    for (const part of PARTS) {
      const schema = schemas[part]
      if (!schema) continue
      const result = schema.safeParse(req[part])
      if (result.success) input[part] = result.data
      else {
        for (const issue of result.error.issues) {
          // A strict object reports all its unknown keys in one issue: name each of them.
          const paths =
            issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path]
          for (const path of paths) problems.push(`${fieldName(part, path)} ${issue.message}`)
        }
      }
    }
    if (problems.length > 0) throw new ValidationError([...new Set(problems)])

    if (schemas.body) req.body = input.body
    parsedInput.set(res, { schemas, input })
    next()
  }
}

/**
 * The input validate(schemas) parsed for this request, typed by those schemas. Calling
 * it with other schemas, or on a route without validate(), is a bug in the route: it
 * throws (a 500) rather than hand back unchecked input.
 */
export function input<S extends RequestSchemas>(res: Response, schemas: S): Input<S> {
  const parsed = parsedInput.get(res)
  if (parsed?.schemas !== schemas) {
    throw new Error('input(res, schemas): validate(schemas) did not run for this route with these schemas')
  }
  return parsed.input as Input<S>
}
