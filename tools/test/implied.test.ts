import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { writeFiles } from './write-files.js'
import { testsImpliedByPrevious } from '../src/validate/checks.js'
import { runsTheSame } from '../src/validate/same-behaviour.js'

const base = path.resolve(import.meta.dirname, '.tmp', 'implied')
const previous = path.join(base, 'previous-solution')
const problem = path.join(base, 'problem')
const solution = path.join(base, 'solution')

const support = [
  "import { createApp } from '../../src/app.js'",
  'let built: number | undefined',
  'export function getApp(): number {',
  '  built ??= createApp()',
  '  return built',
  '}',
  '',
].join('\n')

const appFiles = {
  'package.json': '{"name":"x"}\n',
  'src/app.ts': 'export function createApp(): number {\n  return 1\n}\n',
}
const testFiles = {
  'tests/support/app.ts': support,
  'tests/contract/app.test.ts': "import { getApp } from '../support/app.js'\ntest('app', () => expect(getApp()).toBe(1))\n",
  'tests/rule.test.ts': "import fs from 'node:fs'\ntest('rule', () => expect(fs.readdirSync('src')).toContain('app.ts'))\n",
}

beforeEach(() => {
  fs.rmSync(base, { recursive: true, force: true })
  writeFiles(previous, { ...appFiles, ...testFiles })
  const practice = { 'tests/01.02.step.test.ts': "import { createApp } from '../src/app.js'\ntest('step', () => {})\n" }
  writeFiles(problem, { ...appFiles, ...testFiles, ...practice })
  writeFiles(solution, { ...appFiles, ...testFiles, ...practice })
})

const implied = () => testsImpliedByPrevious(problem, previous, '01.02', solution).sort()

describe('tests implied by the previous solution’s run', () => {
  test('are every test but the practice one when nothing they load differs', () => {
    expect(implied()).toEqual(['tests/contract/app.test.ts', 'tests/rule.test.ts'])
  })

  test('still include a test whose support file only grew a helper it does not call', () => {
    writeFiles(problem, { 'tests/support/app.ts': `${support}\n// Why: the new practice test needs its own app.\nexport function buildApp(): number {\n  return createApp() + 1\n}\n` })
    expect(implied()).toContain('tests/contract/app.test.ts')
  })

  test('leave out a test that reads files from disk once any test-side file changed: it might read that one', () => {
    writeFiles(problem, { 'tests/fixtures/data.json': '{"changed":true}\n' })
    expect(implied()).toEqual(['tests/contract/app.test.ts'])
  })

  test('leave out a test whose support file changed in a function it calls', () => {
    writeFiles(problem, { 'tests/support/app.ts': support.replace('built ??= createApp()', 'built ??= createApp() + 1') })
    expect(implied()).not.toContain('tests/contract/app.test.ts')
  })

  test('leave out a test whose support file changed what runs when it loads', () => {
    writeFiles(problem, { 'tests/support/app.ts': support.replace('let built: number | undefined', 'let built: number | undefined = 2') })
    expect(implied()).not.toContain('tests/contract/app.test.ts')
  })

  test('leave out a test file that itself changed', () => {
    writeFiles(problem, { 'tests/contract/app.test.ts': "import { getApp } from '../support/app.js'\ntest('app', () => expect(getApp()).toBe(2))\n" })
    expect(implied()).not.toContain('tests/contract/app.test.ts')
  })

  test('are none when the app differs from the previous solution beyond guidance', () => {
    writeFiles(problem, { 'src/app.ts': 'export function createApp(): number {\n  return 2\n}\n' })
    expect(implied()).toEqual([])
  })

  test('ignore guidance comments in the app', () => {
    writeFiles(problem, { 'src/app.ts': `// 🐨 make createApp take its dependencies\n${appFiles['src/app.ts']}` })
    expect(implied()).toEqual(['tests/contract/app.test.ts', 'tests/rule.test.ts'])
  })

  describe('with a starter file (new in the step, in the solution too)', () => {
    beforeEach(() => {
      writeFiles(problem, { 'src/given.ts': 'export const given = 1\n' })
      writeFiles(solution, { 'src/given.ts': 'export const given = 1\n' })
    })

    test('keep a test that cannot reach it', () => {
      expect(implied()).toContain('tests/contract/app.test.ts')
    })

    test('leave out a test that reads src/ from disk, where it would see the new file', () => {
      expect(implied()).not.toContain('tests/rule.test.ts')
    })

    test('leave out a test whose support file now loads it', () => {
      writeFiles(problem, { 'tests/support/app.ts': `import { given } from '../../src/given.js'\n${support}` })
      expect(implied()).not.toContain('tests/contract/app.test.ts')
    })
  })
})

describe('runsTheSame', () => {
  const before = 'import { a } from "./a.js"\nexport const x = a()\nexport function f() {\n  return g()\n}\nfunction g() {\n  return 1\n}\n'

  test('ignores comments, formatting and type declarations', () => {
    const after = `// why\nimport { a } from './a.js'\nexport interface Shape { x: number }\nexport const x = a()\nexport function f() { return g() }\nfunction g() {\n  return 1 // one\n}\n`
    expect(runsTheSame(before, after, new Set(['f']))).toBe(true)
  })

  test('follows the functions a used function calls', () => {
    expect(runsTheSame(before, before.replace('return 1', 'return 2'), new Set(['f']))).toBe(false)
  })

  test('does not look at functions no one reaches', () => {
    expect(runsTheSame(before, `${before}export function h() {\n  return 3\n}\n`, new Set(['f']))).toBe(true)
  })

  test('counts a new import as code that runs on load', () => {
    expect(runsTheSame(before, `import './side-effect.js'\n${before}`, new Set(['f']))).toBe(false)
  })

  test('follows a default import to the function exported as default', () => {
    const code = (n: number) => `export default function make() {\n  return ${n}\n}\n`
    expect(runsTheSame(code(1), code(2), new Set(['default']))).toBe(false)
  })

  test('takes every function as used for a namespace import', () => {
    const after = `${before}export function h() {\n  return 3\n}\n`
    expect(runsTheSame(`${before}export function h() {\n  return 4\n}\n`, after, 'all')).toBe(false)
  })
})

describe('runsTheSame, inside literals', () => {
  test('sees spacing inside a template literal', () => {
    const code = (inner: string) => `export function f(x: number) {\n  return \`a ${'${x}'}${inner}\`\n}\n`
    expect(runsTheSame(code(' b'), code('  b'), new Set(['f']))).toBe(false)
  })

  test('sees a change inside a regular expression', () => {
    expect(runsTheSame('export function f() {\n  return /a b/\n}\n', 'export function f() {\n  return /a  b/\n}\n', new Set(['f']))).toBe(false)
  })

  test('ignores the quotes around a string', () => {
    expect(runsTheSame("export function f() {\n  return 'a'\n}\n", 'export function f() {\n  return "a"\n}\n', new Set(['f']))).toBe(true)
  })
})
