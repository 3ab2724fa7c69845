import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { applyCounterfeit, diffApps, listCounterfeits, splitPatch } from '../src/counterfeits/counterfeits.js'

const base = path.resolve(import.meta.dirname, '.tmp', 'counterfeits')
const problem = path.join(base, 'problem')
const changed = path.join(base, 'changed')

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
}

beforeEach(() => {
  fs.rmSync(base, { recursive: true, force: true })
  const files = { 'src/app.ts': 'one\ntwo\nthree\n', 'src/gone.ts': 'bye\n', 'package.json': '{}\n' }
  write(problem, files)
  write(changed, files)
})

describe('a counterfeit patch', () => {
  test('round-trips: the diff of a changed copy, applied to the problem, gives the copy', () => {
    write(changed, { 'src/app.ts': 'one\n2\nthree\n', 'src/new.ts': 'hello\n' })
    fs.rmSync(path.join(changed, 'src/gone.ts'))
    const patch = `Summary line\nWhy it fools a careless suite.\n\n${diffApps(problem, changed)}`

    expect(splitPatch(patch).description).toBe('Summary line\nWhy it fools a careless suite.')
    expect(applyCounterfeit(patch, problem).sort()).toEqual(['src/app.ts', 'src/gone.ts', 'src/new.ts'])
    expect(fs.readFileSync(path.join(problem, 'src/app.ts'), 'utf8')).toBe('one\n2\nthree\n')
    expect(fs.readFileSync(path.join(problem, 'src/new.ts'), 'utf8')).toBe('hello\n')
    expect(fs.existsSync(path.join(problem, 'src/gone.ts'))).toBe(false)
  })

  test('refuses to apply where the problem has changed under it, and changes nothing', () => {
    write(changed, { 'src/app.ts': 'one\n2\nthree\n', 'src/new.ts': 'hello\n' })
    const patch = `Stale\n\n${diffApps(problem, changed)}`
    write(problem, { 'src/app.ts': 'one\nTWO\nthree\n' })
    expect(() => applyCounterfeit(patch, problem)).toThrow('the patch no longer applies to src/app.ts')
    expect(fs.existsSync(path.join(problem, 'src/new.ts'))).toBe(false)
  })

  test('refuses a patch that names a file outside the app', () => {
    const patch = 'Escapes\n\n--- a/../outside.ts\n+++ b/../outside.ts\n@@ -1,1 +1,1 @@\n-a\n+b\n'
    expect(() => applyCounterfeit(patch, problem)).toThrow('outside the app')
  })

  test('is listed with the first line of its description as its summary', () => {
    const root = path.join(base, 'workshop')
    write(root, { 'tools/counterfeits/01.02/b-trick.patch': 'Second trick\nmore\n\n--- a/x\n', 'tools/counterfeits/01.02/a-trick.patch': 'First trick\n' })
    expect(listCounterfeits(root, '01.02').map((c) => [c.name, c.summary])).toEqual([
      ['a-trick', 'First trick'],
      ['b-trick', 'Second trick'],
    ])
    expect(listCounterfeits(root, '09.09')).toEqual([])
  })
})
