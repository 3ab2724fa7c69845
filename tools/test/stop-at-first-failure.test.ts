import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { runAppTests, type AppTestResult } from '../src/validate/run-tests.js'
import { writeFiles } from './write-files.js'

const app = path.resolve(import.meta.dirname, '.tmp', 'stop-at-first-failure')

describe('a counterfeit run that stops at its first failing test', () => {
  let stopped: AppTestResult
  let full: AppTestResult
  beforeAll(async () => {
    fs.rmSync(app, { recursive: true, force: true })
    writeFiles(app, {
      'package.json': JSON.stringify({ name: 'fixture-stop-at-first-failure', private: true, type: 'module' }),
      'vitest.config.ts': 'export default { test: { isolate: false } }\n',
      'tests/first.test.ts': [
        "import { expect, test } from 'vitest'",
        "test('one passes', () => expect(1).toBe(1))",
        "test('two fails', () => expect(2).toBe(3))",
        "test('three would fail too', () => expect(3).toBe(4))",
        '',
      ].join('\n'),
    })
    const cache = path.join(app, '.cache')
    stopped = (await runAppTests([{ dir: app, stopAtFirstFailure: true }], cache)).get(app)!
    full = (await runAppTests([{ dir: app }], cache)).get(app)!
  }, 60_000)

  test('skips the tests after the first failure', () => {
    expect(stopped.files[0]!.passed).toEqual(['one passes'])
    expect(stopped.files[0]!.failed.map((failure) => failure.name)).toEqual(['two fails'])
  })

  test('runs them all otherwise (npm test -- --counterfeits)', () => {
    expect(full.files[0]!.failed.map((failure) => failure.name)).toEqual(['two fails', 'three would fail too'])
  })
})
