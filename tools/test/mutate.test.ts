import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { writeFiles } from './write-files.js'
import { filesOf, formatSummary, practiceCode, summarize, type MutantOutcome } from '../src/mutate/practice-code.js'

const base = path.resolve(import.meta.dirname, '.tmp', 'mutate')
const problem = path.join(base, 'problem')
const solution = path.join(base, 'solution')

beforeEach(() => fs.rmSync(base, { recursive: true, force: true }))

describe('practiceCode', () => {
  test('is the lines under src/ the solution adds or changes, guidance aside, without server.ts', () => {
    writeFiles(problem, {
      'src/app.ts': '// 🐨 wire the routers here\nexport const a = 1\n',
      'src/same.ts': 'export const s = 1\n',
      'src/changed.ts': 'export const c = 1\nexport const d = 1\nexport const e = 1\n',
      'src/server.ts': 'listen()\n',
      'tests/x.test.ts': 'old\n',
    })
    writeFiles(solution, {
      'src/app.ts': 'export const a = 1\n',
      'src/same.ts': 'export const s = 1\n',
      'src/changed.ts': 'export const c = 1\nexport const d = 2\nexport const dd = 2\nexport const e = 1\n',
      'src/added.ts': 'export const n = 1\n',
      'src/server.ts': 'listen(port)\n',
      'tests/x.test.ts': 'new\n',
    })
    expect(practiceCode(problem, solution)).toEqual(['src/added.ts', 'src/changed.ts:2-3'])
    expect(filesOf(['src/added.ts', 'src/changed.ts:2-3', 'src/changed.ts:9-9'])).toEqual(['src/added.ts', 'src/changed.ts'])
  })
})

describe('summarize', () => {
  const mutant = (status: string, line: number): MutantOutcome => ({
    fileName: path.join(solution, 'src', 'a.ts'),
    mutatorName: 'StringLiteral',
    replacement: '""',
    status,
    location: { start: { line, column: 1 } },
  })

  test('counts each status, scores killed and timed-out over valid mutants, and lists survivors by line', () => {
    const summary = summarize([
      mutant('Killed', 1),
      mutant('Killed', 2),
      mutant('Timeout', 3),
      mutant('Survived', 9),
      mutant('NoCoverage', 4),
      mutant('CompileError', 5),
    ])
    expect(summary).toMatchObject({ killed: 2, timeout: 1, survived: 1, noCoverage: 1, errors: 1, score: 60 })
    expect(summary.survivors.map((m) => m.location.start.line)).toEqual([4, 9])
    const text = formatSummary('02.03', solution, summary, 12)
    expect(text).toContain('Mutation score of 02.03 (solution): 60.0 %')
    expect(text).toContain('src/a.ts:4  StringLiteral → ""  (no coverage)')
  })
})
