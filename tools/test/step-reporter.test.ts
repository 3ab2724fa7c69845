/**
 * What a learner reads after a run (tools/src/testing/step-reporter.ts and the
 * sequencer in step-files.js): a fixture step app run by Vitest for real, with the
 * workshop's own vitest.config.ts, and the formatting on its own.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { stepFiles } from '../src/testing/step-files.js'
import { formatSection, messageLines, palette, variablesAskedFor } from '../src/testing/step-reporter.js'
import { findWorkshopRoot } from '../src/workshop.js'
import { writeFiles } from './write-files.js'

const root = findWorkshopRoot(import.meta.dirname)
const app = path.resolve(import.meta.dirname, '.tmp', 'step-reporter', 'step')

describe('which file is which to a step', () => {
  test('the package name says the step; practice files before it are earlier steps', () => {
    writeFiles(app, { 'package.json': JSON.stringify({ name: '@conduit/02.01.problem' }) })
    const files = stepFiles(app, [])
    expect(files.step).toBe('02.01')
    expect(files.roleOf(path.join(app, 'tests/02.01.error-classes.test.ts'))).toBe('this step')
    expect(files.roleOf('tests/01.03.routers.test.ts')).toBe('earlier steps')
    expect(files.roleOf('tests/contract/articles.test.ts')).toBe('contract')
    expect(files.roleOf('tests/cache/misses.test.ts')).toBe('other')
    expect(files.roleOf('tests/support/02.01.helpers.ts')).toBe('other')
  })

  test('without a step in the name, the highest practice file is this step', () => {
    writeFiles(app, { 'package.json': JSON.stringify({ name: 'my-playground' }) })
    const files = stepFiles(app, ['tests/01.01.a.test.ts', 'tests/03.02.b.test.ts', 'tests/02.01.c.test.ts'])
    expect(files.step).toBe('03.02')
    expect(files.roleOf('tests/02.01.c.test.ts')).toBe('earlier steps')
  })
})

describe('the lines of a failure', () => {
  test('start at the 🚨 line, and stop at a blank line or after four', () => {
    expect(messageLines('AssertionError\n🚨 the article is not saved: expected 500 to be 201\n\nstack')).toEqual([
      '🚨 the article is not saved: expected 500 to be 201',
    ])
    expect(messageLines('a\nb\nc\nd\ne')).toEqual(['a', 'b', 'c', 'd'])
    expect(messageLines('x'.repeat(500))[0]).toHaveLength(240)
  })

  test("put the 🚨 line right under the test's name, however much the app logged", () => {
    const lines = formatSection(
      {
        role: 'this step',
        title: 'This step (05.02)',
        passed: 3,
        failed: 1,
        skipped: 0,
        failures: [
          {
            name: '05.02 > 50 users favoriting at once count 50',
            message: ['🚨 favoritesCount must be 50: expected 37 to be 50'],
            output: { last: ['Error: SQLITE_BUSY', '    at retry'], total: 2, logged: 50 },
          },
        ],
      },
      palette(false),
    )
    const name = lines.findIndex((line) => line.includes('50 users favoriting'))
    expect(lines[0]).toContain('This step (05.02): 1 failed | 3 passed')
    expect(lines[name + 1]).toContain('🚨 favoritesCount must be 50')
    expect(lines.join('\n')).toContain('SQLITE_BUSY')
    expect(lines.join('\n')).toContain('50 lines of console.log not shown')
    expect(lines.join('\n')).not.toContain('\u001b[')
  })

  test('wrap at the width the Tests tab shows, a long 🚨 line included', () => {
    const alarm = `🚨 favorites were lost: add one in the database (increment) rather than in JavaScript, ${'so '.repeat(20)}end`
    const lines = formatSection(
      { role: 'this step', title: 'This step', passed: 0, failed: 1, skipped: 0, failures: [{ name: 'a race', message: [alarm], output: { last: [], total: 0, logged: 0 } }] },
      palette(false),
      64,
    )
    expect(lines.every((line) => line.length <= 64), lines.join('\n')).toBe(true)
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(alarm.replace(/\s+/g, ' '))
  })

  test('say which variable enables the skipped tests', () => {
    expect(variablesAskedFor(['on PostgreSQL as well: set DATABASE_URL_PG=…', '06.04 Redis (needs a server: set REDIS_URL=…) > x', 'plain'])).toEqual([
      'DATABASE_URL_PG',
      'REDIS_URL',
    ])
  })
})

describe('a run of a step app, as the Tests tab shows it', () => {
  let output = ''
  beforeAll(() => {
    fs.rmSync(app, { recursive: true, force: true })
    const chatter = "for (let i = 0; i < 50; i++) console.log('registered user ' + i)"
    writeFiles(app, {
      'package.json': JSON.stringify({ name: '@conduit/02.01.problem', private: true, type: 'module' }),
      // The workshop's own config, less its database harness.
      'vitest.config.ts': fs
        .readFileSync(path.join(root, 'exercises/01.foundations/01.problem.app-factory/vitest.config.ts'), 'utf8')
        .replace(/^\s*(globalSetup|setupFiles):.*$/gm, '')
        .replace("maxWorkers: '100%'", 'maxWorkers: 2'),
      'tests/01.01.earlier.test.ts': "import { test } from 'vitest'\ntest('an earlier step still holds', () => {})\n",
      'tests/contract/tags.test.ts': "import { test } from 'vitest'\ntest('GET /api/tags', () => {})\n",
      'tests/02.01.error-classes.test.ts': [
        "import { expect, test } from 'vitest'",
        `test('a missing article is a 404', () => { ${chatter}; console.error('Error: boom'); expect(500, '🚨 throw a NotFoundError').toBe(404) })`,
        // Slower than the other files, which a second worker finishes first.
        "test('a conflict is a 409', async () => { await new Promise((resolve) => setTimeout(resolve, 1500)) })",
        '',
      ].join('\n'),
    })
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      timeout: 60_000,
    })
    output = run.stdout + run.stderr
  }, 70_000)

  test("this step's result comes before any other file's, even those that finished first", () => {
    const own = output.indexOf('Step 02.01, its own practice tests')
    expect(own, output).toBeGreaterThan(-1)
    expect(output.indexOf('tests/02.01.error-classes.test.ts')).toBeLessThan(output.indexOf('tests/01.01.earlier.test.ts'))
    expect(own).toBeLessThan(output.indexOf('tests/01.01.earlier.test.ts'))
  })

  test("the run ends with the summary, this step first, its 🚨 line under the test's name", () => {
    const summary = output.slice(output.lastIndexOf('Summary, this step first (02.01)'))
    expect(summary, output).toMatch(/This step \(02\.01\): 1 failed \| 1 passed/)
    expect(summary).toMatch(/× a missing article is a 404\n\s+🚨 throw a NotFoundError/)
    expect(summary.indexOf('Earlier steps (01.01): 1 passed')).toBeGreaterThan(summary.indexOf('This step'))
    expect(summary).toContain('Contract (tests/contract): 1 passed')
  })

  test("the app's chatter is counted, not printed; its errors are shown", () => {
    expect(output).not.toContain('registered user 7')
    expect(output).toContain('50 lines of console.log not shown')
    expect(output).toMatch(/│ Error: boom/)
  })
})
