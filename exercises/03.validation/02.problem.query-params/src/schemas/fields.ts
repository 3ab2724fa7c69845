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

/** The object a resource comes wrapped in: { "user": { … } }, { "article": { … } }. */
export function wrapper<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object') })
}

/** A request body: always a JSON object (express.json() leaves it undefined otherwise). */
export function body<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape, { error: 'must be a JSON object' })
}

/** A path parameter, as Express hands it over. */
// 🐨 A path parameter that is any string reaches the database whatever it holds. Give
// each kind its own rule: a slug is what slugify() makes (lowercase letters and digits
// joined by single dashes), a username is anything a user may register with (not
// blank), a comment id is a positive whole number.
export function param() {
  return z.string()
}

/** An optional query parameter, given at most once (a repeated one arrives as an array). */
// 🐨 Numbers in a query are text. Check the text first (digits only: /^\d+$/), then
// convert (.transform(Number)) and bound (.pipe(z.int().min(…).max(…))), with a message
// that says the range. z.coerce.number() is too kind: Number('') is 0, Number('1e3') is
// 1000, Number(' 5') is 5.
// 💰 A parameter given twice arrives as an array; `issue.input` in the error function
// shows it, so the message can say "must be given once".
export function queryParam() {
  return z.string({ error: 'must be a string' }).optional()
}
