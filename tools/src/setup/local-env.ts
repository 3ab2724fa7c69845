/**
 * A local .env for every app that documents one (.env.example): from step 01.02
 * on the app refuses to start without JWT_SECRET, which is right for a
 * deployment and a dead end in the workshop app's Playground tab, whose copy of
 * a step leaves git-ignored files such as .env behind.
 *
 *   tsx tools/src/setup/local-env.ts            every app
 *   tsx tools/src/setup/local-env.ts playground  only the apps named
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { findWorkshopRoot, listApps } from '../workshop.js'

export type LocalEnvOutcome = 'created' | 'secret added' | 'kept' | 'not needed'

const SECRET_LINE = /^JWT_SECRET=(.*)$/m

function secretLine(): string {
  // 32 random bytes: the secret the 01.02 README tells learners how to make.
  return `JWT_SECRET=${randomBytes(32).toString('base64url')}`
}

const NOTE = '# Written by the workshop set-up for local development only: a fresh secret per checkout.'

/**
 * Writes `.env` from `.env.example` with a freshly generated development secret.
 * An existing .env is the learner's: it is kept as it is, except that a missing
 * or empty JWT_SECRET gets one (the only change, and said so).
 */
export function ensureLocalEnv(appDir: string): LocalEnvOutcome {
  const example = path.join(appDir, '.env.example')
  const env = path.join(appDir, '.env')
  if (!fs.existsSync(example)) return 'not needed'
  const documentsSecret = SECRET_LINE.test(fs.readFileSync(example, 'utf8'))
  if (!fs.existsSync(env)) {
    const text = fs.readFileSync(example, 'utf8')
    fs.writeFileSync(env, `${NOTE}\n${documentsSecret ? text.replace(SECRET_LINE, secretLine()) : text}`)
    return 'created'
  }
  const current = fs.readFileSync(env, 'utf8')
  const value = SECRET_LINE.exec(current)?.[1]?.trim()
  if (!documentsSecret || (value !== undefined && value !== '')) return 'kept'
  const updated =
    value === undefined
      ? `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${NOTE}\n${secretLine()}\n`
      : current.replace(SECRET_LINE, secretLine())
  fs.writeFileSync(env, updated)
  return 'secret added'
}

if (process.argv[1] === import.meta.filename) {
  const root = findWorkshopRoot(import.meta.dirname)
  const names = process.argv.slice(2)
  const apps = names.length > 0 ? names.map((name) => path.resolve(root, name)) : listApps(root)
  const outcomes = apps.map((app) => [app, ensureLocalEnv(app)] as const)
  const count = (outcome: LocalEnvOutcome): number => outcomes.filter(([, o]) => o === outcome).length
  console.log(`Local .env files: ${count('created')} created, ${count('secret added')} given a JWT_SECRET, ${count('kept')} kept`)
}
