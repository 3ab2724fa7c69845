/**
 * Builds small workshops on disk for the validator's own tests: each step is a
 * tiny app (no database) whose problem and solution can be broken on purpose.
 * They are written inside the repository so that TypeScript and Vitest resolve
 * from its node_modules.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { writeSolutionsIndex } from '../src/solutions-index.js'

export type Breakage =
  | 'none'
  | 'problem-passes'
  | 'solution-fails'
  | 'problem-compile-error'
  | 'problem-contract-fails'
  | 'tests-drifted'
  | 'continuity-broken'
  | 'missing-readme'
  | 'counterfeit-gets-through'
  | 'counterfeit-stale'
  | 'too-few-counterfeits'
  | 'support-drifted'
  | 'starter-file'
  | 'stray-file'

interface App {
  dir: string
  source: string
  /** More files under src/, by path relative to the app. */
  extra?: Record<string, string>
  tests: Record<string, string>
  readme: boolean
}

// Step n asks for `step<n>()` returning n; its solution adds it.
function sourceFor(solvedUpTo: number): string {
  const lines = ['export function base(): number {', '  return 0', '}']
  for (let n = 1; n <= solvedUpTo; n++) lines.push(`export function step${n}(): number {`, `  return ${n}`, '}')
  return lines.join('\n') + '\n'
}

function practiceTest(n: number): string {
  return [
    "import { expect, test } from 'vitest'",
    "import * as app from '../src/app.js'",
    '',
    `test('step${n} returns ${n}', () => {`,
    `  const fn = (app as Record<string, unknown>).step${n}`,
    "  expect(typeof fn, '🚨 export a function step" + n + " from src/app.ts').toBe('function')",
    `  expect((fn as () => number)()).toBe(${n})`,
    '})',
    '',
  ].join('\n')
}

const contractTest = [
  "import { expect, test } from 'vitest'",
  "import { base } from '../../src/app.js'",
  "import { expectedBase } from '../support/expected.js'",
  '',
  "test('base returns 0', () => {",
  '  expect(base()).toBe(expectedBase)',
  '})',
  '',
].join('\n')

const supportFile = 'export const expectedBase = 0\n'

function writeApp(app: App, name: string): void {
  fs.mkdirSync(path.join(app.dir, 'src'), { recursive: true })
  fs.mkdirSync(path.join(app.dir, 'tests', 'contract'), { recursive: true })
  fs.mkdirSync(path.join(app.dir, 'tests', 'support'), { recursive: true })
  fs.writeFileSync(
    path.join(app.dir, 'package.json'),
    JSON.stringify({ name, private: true, type: 'module', scripts: { test: 'vitest' } }, null, 2),
  )
  fs.writeFileSync(
    path.join(app.dir, 'tsconfig.json'),
    JSON.stringify({ extends: '@production-express/tools/tsconfig.base.json', include: ['src', 'tests'] }),
  )
  fs.writeFileSync(path.join(app.dir, 'vitest.config.ts'), 'export default { test: {} }\n')
  fs.writeFileSync(path.join(app.dir, 'src', 'app.ts'), app.source)
  for (const [file, text] of Object.entries(app.extra ?? {})) fs.writeFileSync(path.join(app.dir, file), text)
  for (const [file, text] of Object.entries(app.tests)) fs.writeFileSync(path.join(app.dir, file), text)
  if (app.readme) fs.writeFileSync(path.join(app.dir, 'README.mdx'), '# A step\n')
}

/** A counterfeit of a fixture problem: `addition` appended to its src/app.ts. */
function counterfeitPatch(summary: string, problemSource: string, addition: string): string {
  const diff = createTwoFilesPatch('a/src/app.ts', 'b/src/app.ts', problemSource, problemSource + addition)
  return `${summary}\n\n${diff.split('\n').slice(1).join('\n')}`
}

function writeCounterfeits(root: string, stepId: string, n: number, problemSource: string, breakage: Breakage): void {
  const dir = path.join(root, 'tools', 'counterfeits', stepId)
  fs.mkdirSync(dir, { recursive: true })
  const patches: Record<string, string> = {
    'hard-coded-zero': counterfeitPatch(
      'Returns a constant that is not the answer',
      problemSource,
      `export function step${n}(): number {\n  return 0\n}\n`,
    ),
    'wrong-name': counterfeitPatch(
      'Exports the work under another name',
      problemSource,
      `export function stepNumber${n}(): number {\n  return ${n}\n}\n`,
    ),
  }
  if (breakage === 'counterfeit-gets-through') {
    patches['the-real-thing'] = counterfeitPatch(
      'Does the work (so no test can catch it)',
      problemSource,
      `export function step${n}(): number {\n  return ${n}\n}\n`,
    )
  }
  if (breakage === 'counterfeit-stale') {
    patches['stale'] = counterfeitPatch('Written for an older problem', `${problemSource}// a line the problem no longer has\n`, '// more\n')
  }
  if (breakage === 'too-few-counterfeits') delete patches['wrong-name']
  for (const [name, text] of Object.entries(patches)) fs.writeFileSync(path.join(dir, `${name}.patch`), text)
}

/** A workshop with one module whose step n is broken as `breakages[n - 1]` says. */
export function writeFixtureWorkshop(root: string, breakages: Breakage[]): void {
  fs.rmSync(root, { recursive: true, force: true })
  const moduleDir = path.join(root, 'exercises', '01.basics')
  fs.mkdirSync(moduleDir, { recursive: true })
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', private: true }))
  fs.writeFileSync(path.join(moduleDir, 'README.mdx'), '# Basics\n')

  breakages.forEach((breakage, i) => {
    const n = i + 1
    const id = String(n).padStart(2, '0')
    const tests: Record<string, string> = {
      'tests/contract/base.test.ts': contractTest,
      'tests/support/expected.ts': supportFile,
    }
    for (let k = 1; k <= n; k++) tests[`tests/01.${String(k).padStart(2, '0')}.step${k}.test.ts`] = practiceTest(k)

    const problem: App = {
      dir: path.join(moduleDir, `${id}.problem.step-${n}`),
      source: sourceFor(n - 1).replace('export function base', `// 🐨 add step${n}() below\nexport function base`),
      tests: { ...tests },
      readme: true,
    }
    const solution: App = { dir: path.join(moduleDir, `${id}.solution.step-${n}`), source: sourceFor(n), tests: { ...tests }, readme: true }

    if (breakage === 'problem-passes') problem.source = sourceFor(n)
    if (breakage === 'solution-fails') solution.source = sourceFor(n).replace(`return ${n}`, `return ${n + 100}`)
    if (breakage === 'problem-compile-error') problem.source += 'export const broken: number = "not a number"\n'
    if (breakage === 'problem-contract-fails') problem.source = problem.source.replace('return 0', 'return -1')
    if (breakage === 'tests-drifted') {
      const file = `tests/01.${id}.step${n}.test.ts`
      problem.tests[file] = problem.tests[file]!.replace(`toBe(${n})`, `toBe(${n}) // drifted`)
    }
    if (breakage === 'continuity-broken') problem.source += 'export const extra = 1\n'
    if (breakage === 'missing-readme') solution.readme = false
    // A support file outside tests/contract/ may change between steps; when it does,
    // the problem's other tests are no longer implied by the previous solution's run.
    if (breakage === 'support-drifted') {
      problem.tests['tests/support/expected.ts'] = 'export const expectedBase = 1\n'
      solution.tests['tests/support/expected.ts'] = 'export const expectedBase = 1\n'
    }

    // A file new in this step, given to the learner: in the problem and the solution alike.
    if (breakage === 'starter-file') {
      problem.extra = { 'src/given.ts': 'export const given = true\n' }
      solution.extra = { 'src/given.ts': 'export const given = true\n' }
    }
    // A file new in the problem that the solution does not have: a leftover, not a starter.
    if (breakage === 'stray-file') problem.extra = { 'src/stray.ts': 'export const stray = true\n' }

    writeApp(problem, `fixture-01.${id}.problem`)
    writeCounterfeits(root, `01.${id}`, n, problem.source, breakage)
    writeApp(solution, `fixture-01.${id}.solution`)
  })
  writeSolutionsIndex(root)
}
