import { z } from 'zod'

// The building blocks of every request schema. Each message is written without its
// field's name ("can't be blank"): the validate middleware puts the name in front,
// from where the problem was found ("email can't be blank"), so one message serves
// every field and no route spells its own.

/** A string, any string. Missing counts as blank, as the spec's messages have it. */
export function text() {
  return z.string({ error: (issue) => (issue.input === undefined ? "can't be blank" : 'must be a string') })
}

/** A string with something in it: missing, "" and "   " are all blank. */
export function required() {
  return text().refine((value) => value.trim() !== '', "can't be blank")
}

/** A required string that looks like an email address. */
export function email() {
  return required().pipe(z.email({ error: 'is invalid' }))
}

/**
 * Every object a client sends is strict: a key the schema does not list is refused, not
 * dropped. `{"user": {"id": 1}}` or `{"article": {"favoritesCount": 1000}}` is someone
 * trying to set what only the server sets, and `{"article": {"tagsList": […]}}` is a
 * client bug that would otherwise lose its tags without a word. The validate middleware
 * names each unknown key with this message.
 */
const UNKNOWN_KEY = 'is not allowed'

/** The object a resource comes wrapped in: { "user": { … } }, { "article": { … } }. */
export function wrapper<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? UNKNOWN_KEY
        : issue.input === undefined
          ? 'is required'
          : 'must be an object',
  })
}

/** A request body: always a JSON object (express.json() leaves it undefined otherwise). */
export function body<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? UNKNOWN_KEY : 'must be a JSON object'),
  })
}

/**
 * A slug as the API makes them: lowercase letters and digits, in words joined by single
 * dashes. Anything else names no article, so it never reaches the database.
 */
export function slug() {
  return z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by dashes')
}

/** A username in a path: anything a user may register with, so anything not blank. */
export function username() {
  return required()
}

/** A string from a query: a parameter given twice arrives as an array. */
function queryString() {
  return z.string({ error: (issue) => (Array.isArray(issue.input) ? 'must be given once' : 'must be a string') })
}

/** An optional query parameter, given at most once. */
export function queryParam() {
  return queryString().optional()
}

/**
 * A whole number written in a URL, from `min` to `max`: digits and nothing else. Number()
 * and parseInt() are both too kind — Number('') is 0, Number('1e3') is 1000, Number(' 5')
 * is 5, and parseInt('5abc') is 5 — so the text is checked first, then converted.
 */
export function wholeNumber(min: number, max: number, message: string) {
  return queryString()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.int({ error: message }).min(min, message).max(max, message))
}
