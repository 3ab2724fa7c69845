import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { carryForward, changesBetween } from '../src/authoring/carry-forward.js'
import { scaffoldStep } from '../src/authoring/scaffold.js'
import { writeFixtureWorkshop } from './fixture-workshop.js'

const root = path.resolve(import.meta.dirname, '.tmp', 'authoring')
const step = (name: string): string => path.join(root, 'exercises', '01.basics', name)

beforeEach(() => writeFixtureWorkshop(root, ['none', 'none']))

describe('scaffoldStep', () => {
  test('makes problem and solution from the previous solution, with a practice test and READMEs', () => {
    const result = scaffoldStep({ root, id: '01.03', slug: 'third-thing' })
    expect(result.copiedFrom).toBe(step('02.solution.step-2'))
    for (const dir of [result.problemDir, result.solutionDir]) {
      expect(fs.readFileSync(path.join(dir, 'src', 'app.ts'), 'utf8')).toBe(
        fs.readFileSync(path.join(step('02.solution.step-2'), 'src', 'app.ts'), 'utf8'),
      )
      expect(fs.existsSync(path.join(dir, 'README.mdx'))).toBe(true)
      expect(fs.existsSync(path.join(dir, 'tests', '01.03.third-thing.test.ts'))).toBe(true)
    }
    expect(JSON.parse(fs.readFileSync(path.join(result.problemDir, 'package.json'), 'utf8')).name).toBe('@conduit/01.03.problem')
  })

  test('makes the place for the new step’s counterfeits', () => {
    const result = scaffoldStep({ root, id: '01.03', slug: 'third-thing' })
    expect(result.counterfeitsDir).toBe(path.join(root, 'tools', 'counterfeits', '01.03'))
    expect(fs.readFileSync(path.join(result.counterfeitsDir, 'README.md'), 'utf8')).toContain('npm run counterfeit -- try 01.03')
  })

  test('refuses a step that exists, without touching it', () => {
    const before = fs.readFileSync(path.join(step('02.problem.step-2'), 'src', 'app.ts'), 'utf8')
    expect(() => scaffoldStep({ root, id: '01.02', slug: 'again' })).toThrow('Step 01.02 exists already.')
    expect(fs.readFileSync(path.join(step('02.problem.step-2'), 'src', 'app.ts'), 'utf8')).toBe(before)
  })

  test('explains a malformed id or slug', () => {
    expect(() => scaffoldStep({ root, id: '1.3', slug: 'x' })).toThrow('should look like 02.04')
    expect(() => scaffoldStep({ root, id: '01.03', slug: 'Not Kebab' })).toThrow('should be kebab-case')
  })

  test('adds a step at the end of its module while a later module exists, from the step before it', () => {
    scaffoldStep({ root, id: '02.01', slug: 'first', moduleFolder: '02.more' })
    const result = scaffoldStep({ root, id: '01.03', slug: 'third-thing' })
    expect(result.copiedFrom).toBe(step('02.solution.step-2'))
  })

  test('refuses a step before a later step of its own module', () => {
    scaffoldStep({ root, id: '02.01', slug: 'first', moduleFolder: '02.more' })
    scaffoldStep({ root, id: '02.03', slug: 'third' })
    expect(() => scaffoldStep({ root, id: '02.02', slug: 'second' })).toThrow('Step 02.03 comes after 02.02')
  })

  test('asks for a folder name when the module is new', () => {
    expect(() => scaffoldStep({ root, id: '02.01', slug: 'first' })).toThrow('--module 02.some-name')
    const result = scaffoldStep({ root, id: '02.01', slug: 'first', moduleFolder: '02.more' })
    expect(result.problemDir).toBe(path.join(root, 'exercises', '02.more', '01.problem.first'))
  })
})

describe('carryForward', () => {
  test('adds a new file to later steps that lack it, and never writes over one they have', () => {
    const taken = path.join(step('02.solution.step-2'), 'src', 'helper.ts')
    fs.writeFileSync(taken, 'export const mine = 1\n')
    const reports = carryForward(root, step('01.solution.step-1'), [
      { file: 'src/helper.ts', before: undefined, after: 'export const helper = 1\n' },
    ])
    const outcome = (app: string) => reports.find((r) => r.app.endsWith(app))?.outcome
    expect(outcome('02.problem.step-2')).toBe('added')
    expect(fs.readFileSync(path.join(step('02.problem.step-2'), 'src', 'helper.ts'), 'utf8')).toBe('export const helper = 1\n')
    expect(outcome('02.solution.step-2')).toBe('conflict')
    expect(fs.readFileSync(taken, 'utf8')).toBe('export const mine = 1\n')
  })

  test('deletes a file only where the later copy is the one deleted', () => {
    const file = 'src/app.ts'
    const before = fs.readFileSync(path.join(step('01.solution.step-1'), file), 'utf8')
    const reports = carryForward(root, step('01.solution.step-1'), [{ file, before, after: undefined }])
    // Both later apps changed src/app.ts since (guidance, step 2's work): neither is deleted.
    expect(reports.map((r) => r.outcome)).toEqual(['conflict', 'conflict'])
    expect(fs.existsSync(path.join(step('02.solution.step-2'), file))).toBe(true)
  })

  test('replaces unchanged copies, merges moved-on ones, and reports conflicts', () => {
    const file = 'src/app.ts'
    const before = fs.readFileSync(path.join(step('01.solution.step-1'), file), 'utf8')
    const after = before.replace('  return 0', '  return 0 // The base value.')
    // A later copy that changed the very line the edit touches cannot take the edit.
    const conflicting = path.join(step('02.solution.step-2'), file)
    fs.writeFileSync(conflicting, fs.readFileSync(conflicting, 'utf8').replace('  return 0', '  return 1 - 1'))

    const reports = carryForward(root, step('01.solution.step-1'), [{ file, before, after }])
    const outcome = (app: string) => reports.find((r) => r.app.endsWith(app))?.outcome

    expect(outcome('02.problem.step-2')).toBe('merged') // has guidance, but not on that line
    expect(fs.readFileSync(path.join(step('02.problem.step-2'), file), 'utf8')).toContain('return 0 // The base value.')
    expect(outcome('02.solution.step-2')).toBe('conflict')
    expect(fs.readFileSync(conflicting, 'utf8')).toContain('return 1 - 1')
  })

  test('changesBetween: what one app changed since another, READMEs and the package name aside', () => {
    const changes = changesBetween(step('01.solution.step-1'), step('02.solution.step-2'))
    const files = changes.map((change) => change.file)
    expect(files).toContain('src/app.ts')
    expect(files).toContain('tests/01.02.step2.test.ts')
    expect(files.some((file) => file.endsWith('README.mdx'))).toBe(false)
    // The two package.json files differ only in their names.
    expect(files).not.toContain('package.json')
    const app = changes.find((change) => change.file === 'src/app.ts')!
    expect(app.after).toContain('export function step2()')
    expect(app.before).not.toContain('export function step2()')
  })
})
