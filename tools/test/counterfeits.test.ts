import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { writeFiles } from './write-files.js'
import { applyCounterfeit, diffApps, listCounterfeits, neededVariables, rebaseCounterfeit, splitPatch } from '../src/counterfeits/counterfeits.js'

const base = path.resolve(import.meta.dirname, '.tmp', 'counterfeits')
const problem = path.join(base, 'problem')
const changed = path.join(base, 'changed')

beforeEach(() => {
  fs.rmSync(base, { recursive: true, force: true })
  const files = { 'src/app.ts': 'one\ntwo\nthree\n', 'src/gone.ts': 'bye\n', 'package.json': '{}\n' }
  writeFiles(problem, files)
  writeFiles(changed, files)
})

describe('a counterfeit patch', () => {
  test('round-trips: the diff of a changed copy, applied to the problem, gives the copy', () => {
    writeFiles(changed, { 'src/app.ts': 'one\n2\nthree\n', 'src/new.ts': 'hello\n' })
    fs.rmSync(path.join(changed, 'src/gone.ts'))
    const patch = `Summary line\nWhy it fools a careless suite.\n\n${diffApps(problem, changed)}`

    expect(splitPatch(patch).description).toBe('Summary line\nWhy it fools a careless suite.')
    expect(applyCounterfeit(patch, problem).sort()).toEqual(['src/app.ts', 'src/gone.ts', 'src/new.ts'])
    expect(fs.readFileSync(path.join(problem, 'src/app.ts'), 'utf8')).toBe('one\n2\nthree\n')
    expect(fs.readFileSync(path.join(problem, 'src/new.ts'), 'utf8')).toBe('hello\n')
    expect(fs.existsSync(path.join(problem, 'src/gone.ts'))).toBe(false)
  })

  test('refuses to apply where the problem has changed under it, and changes nothing', () => {
    writeFiles(changed, { 'src/app.ts': 'one\n2\nthree\n', 'src/new.ts': 'hello\n' })
    const patch = `Stale\n\n${diffApps(problem, changed)}`
    writeFiles(problem, { 'src/app.ts': 'one\nTWO\nthree\n' })
    expect(() => applyCounterfeit(patch, problem)).toThrow('the patch no longer applies to src/app.ts')
    expect(fs.existsSync(path.join(problem, 'src/new.ts'))).toBe(false)
  })

  test('refuses a patch that names a file outside the app', () => {
    const patch = 'Escapes\n\n--- a/../outside.ts\n+++ b/../outside.ts\n@@ -1,1 +1,1 @@\n-a\n+b\n'
    expect(() => applyCounterfeit(patch, problem)).toThrow('outside the app')
  })

  test('is listed with the first line of its description as its summary', () => {
    const root = path.join(base, 'workshop')
    writeFiles(root, { 'tools/counterfeits/01.02/b-trick.patch': 'Second trick\nmore\n\n--- a/x\n', 'tools/counterfeits/01.02/a-trick.patch': 'First trick\n' })
    expect(listCounterfeits(root, '01.02').map((c) => [c.name, c.summary])).toEqual([
      ['a-trick', 'First trick'],
      ['b-trick', 'Second trick'],
    ])
    expect(listCounterfeits(root, '09.09')).toEqual([])
  })
})

describe('a counterfeit that needs a real server', () => {
  test('names the variables on a Needs: line of its description', () => {
    expect(neededVariables('Summary\nWhy.\nNeeds: REDIS_URL, DATABASE_URL_PG')).toEqual(['REDIS_URL', 'DATABASE_URL_PG'])
    expect(neededVariables('Summary\nIt needs nothing: no such line.')).toEqual([])
  })
})

describe('rebaseCounterfeit', () => {
  const longFile = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n') + '\n'
  /** The problem as it was when the counterfeit was written: what `before` hands back. */
  const oldProblem = (): Record<string, string> => ({ 'src/app.ts': longFile, 'src/gone.ts': 'bye\n', 'package.json': '{}\n' })

  beforeEach(() => {
    writeFiles(problem, oldProblem())
    writeFiles(changed, oldProblem())
  })

  test('carries a patch onto a problem that changed other lines of the same file, description kept', () => {
    writeFiles(changed, { 'src/app.ts': longFile.replace('two', '2'), 'src/new.ts': 'hello\n' })
    const patch = `Summary\nWhy it fools.\n\n${diffApps(problem, changed)}`
    // The problem moves on in the patch's context, not on its line: the old patch no longer applies as it is.
    writeFiles(problem, { 'src/app.ts': longFile.replace('five', 'FIVE').replace('ten', 'TEN') })
    expect(() => applyCounterfeit(patch, problem)).toThrow('no longer applies')

    const old = oldProblem()
    const result = rebaseCounterfeit(patch, problem, (file) => old[file])

    expect(result.conflicts).toEqual([])
    expect(splitPatch(result.patch!).description).toBe('Summary\nWhy it fools.')
    applyCounterfeit(result.patch!, problem)
    expect(fs.readFileSync(path.join(problem, 'src/app.ts'), 'utf8')).toBe(longFile.replace('two', '2').replace('five', 'FIVE').replace('ten', 'TEN'))
    expect(fs.readFileSync(path.join(problem, 'src/new.ts'), 'utf8')).toBe('hello\n')
  })

  test('names the files where the problem changed the very lines the counterfeit changes, and writes nothing', () => {
    writeFiles(changed, { 'src/app.ts': longFile.replace('two', '2') })
    const patch = `Summary\n\n${diffApps(problem, changed)}`
    writeFiles(problem, { 'src/app.ts': longFile.replace('two', 'TWO') })
    const old = oldProblem()

    expect(rebaseCounterfeit(patch, problem, (file) => old[file])).toEqual({ patch: undefined, conflicts: ['src/app.ts'] })
    expect(fs.readFileSync(path.join(problem, 'src/app.ts'), 'utf8')).toBe(longFile.replace('two', 'TWO'))
  })

  test('a file the counterfeit deletes is deleted only where the problem still has it as it was', () => {
    fs.rmSync(path.join(changed, 'src/gone.ts'))
    const patch = `Summary\n\n${diffApps(problem, changed)}`
    const old = oldProblem()
    writeFiles(problem, { 'src/app.ts': longFile.replace('ten', 'TEN') })
    const carried = rebaseCounterfeit(patch, problem, (file) => old[file])
    expect(carried.conflicts).toEqual([])
    writeFiles(problem, { 'src/gone.ts': 'changed since\n' })
    expect(rebaseCounterfeit(patch, problem, (file) => old[file]).conflicts).toEqual(['src/gone.ts'])
  })
})
