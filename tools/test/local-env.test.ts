import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { ensureLocalEnv } from '../src/setup/local-env.js'

const app = path.resolve(import.meta.dirname, '.tmp', 'local-env')
const env = path.join(app, '.env')
const example = '# The port.\nPORT=3000\n\n# Signs tokens.\nJWT_SECRET=\n'
const secretOf = (text: string): string | undefined => /^JWT_SECRET=(.*)$/m.exec(text)?.[1]

beforeEach(() => {
  fs.rmSync(app, { recursive: true, force: true })
  fs.mkdirSync(app, { recursive: true })
})

describe('ensureLocalEnv', () => {
  test('writes .env from .env.example with a fresh secret of at least 32 characters', () => {
    fs.writeFileSync(path.join(app, '.env.example'), example)
    expect(ensureLocalEnv(app)).toBe('created')
    const text = fs.readFileSync(env, 'utf8')
    expect(text).toContain('PORT=3000')
    expect(secretOf(text)!.length).toBeGreaterThanOrEqual(32)
  })

  test('gives each checkout its own secret', () => {
    fs.writeFileSync(path.join(app, '.env.example'), example)
    ensureLocalEnv(app)
    const first = secretOf(fs.readFileSync(env, 'utf8'))
    fs.rmSync(env)
    ensureLocalEnv(app)
    expect(secretOf(fs.readFileSync(env, 'utf8'))).not.toBe(first)
  })

  test('keeps a .env the learner has, secret and all', () => {
    fs.writeFileSync(path.join(app, '.env.example'), example)
    fs.writeFileSync(env, 'PORT=4000\nJWT_SECRET=mine-and-long-enough-for-the-schema-000\n')
    expect(ensureLocalEnv(app)).toBe('kept')
    expect(fs.readFileSync(env, 'utf8')).toBe('PORT=4000\nJWT_SECRET=mine-and-long-enough-for-the-schema-000\n')
  })

  test('adds a secret to a .env without one, and changes nothing else', () => {
    fs.writeFileSync(path.join(app, '.env.example'), example)
    fs.writeFileSync(env, 'PORT=4000')
    expect(ensureLocalEnv(app)).toBe('secret added')
    const text = fs.readFileSync(env, 'utf8')
    expect(text.startsWith('PORT=4000\n')).toBe(true)
    expect(secretOf(text)!.length).toBeGreaterThanOrEqual(32)
  })

  test('fills an empty JWT_SECRET= line', () => {
    fs.writeFileSync(path.join(app, '.env.example'), example)
    fs.writeFileSync(env, 'PORT=4000\nJWT_SECRET=\n')
    expect(ensureLocalEnv(app)).toBe('secret added')
    expect(secretOf(fs.readFileSync(env, 'utf8'))!.length).toBeGreaterThanOrEqual(32)
  })

  test('writes nothing for an app that documents no environment (before 01.02)', () => {
    expect(ensureLocalEnv(app)).toBe('not needed')
    expect(fs.existsSync(env)).toBe(false)
  })
})
