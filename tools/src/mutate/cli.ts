/**
 * npm run mutate -- 02.03 [--files src/errors/prisma-errors.ts,src/app.ts:10-40,…]
 *
 * Mutation-tests the practice code of one step's solution (the lines its diff
 * adds or changes) against that app's own tests with Stryker, and prints killed /
 * survived / no coverage and every mutant no test killed. A benchmark for
 * authors, not a gate: see README "Mutation score".
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { PartialStrykerOptions } from '@stryker-mutator/api/core'
import { Stryker } from '@stryker-mutator/core'
import { MUTATE_DIR } from '../app-files.js'
import { findWorkshopRoot, readSteps } from '../workshop.js'
import { filesOf, formatSummary, practiceCode, summarize } from './practice-code.js'

const USAGE = 'Usage: npm run mutate -- <step, like 02.03> [--files src/a.ts,src/b.ts:10-40]'
let args: { positionals: string[]; values: { files?: string | undefined } }
try {
  args = parseArgs({ allowPositionals: true, options: { files: { type: 'string' } } })
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`)
  process.exit(2)
}
const [stepId] = args.positionals
if (!stepId) {
  console.error(USAGE)
  process.exit(2)
}
const root = findWorkshopRoot(import.meta.dirname)
const step = readSteps(root).find((candidate) => candidate.id === stepId)
if (!step?.solutionDir || !step.problemDir) {
  console.error(`No step ${stepId} with a problem and a solution. Steps: ${readSteps(root).map((s) => s.id).join(', ')}`)
  process.exit(2)
}
const appDir = step.solutionDir
const mutate = args.values.files ? args.values.files.split(',').map((file) => file.trim()) : practiceCode(step.problemDir, appDir)
const files = filesOf(mutate)
const missing = files.filter((file) => !fs.existsSync(path.join(appDir, file)))
if (files.length === 0 || missing.length > 0) {
  console.error(files.length === 0 ? `Step ${stepId} changes no file under src/: nothing to mutate.` : `No such file in ${appDir}: ${missing.join(', ')}`)
  process.exit(2)
}

// A test file that loads a module inside its first test would own every mutant in
// the module's top level; loading the practice code in a setup file first makes
// those mutants "static", which Stryker runs against every test.
// Everything of the run lives in the app's .mutate/ folder, which git, the
// validator and its Vitest projects leave out. (Not under .cache/: Vitest's
// default exclude would then skip every test in Stryker's sandbox.)
const work = path.join(appDir, MUTATE_DIR)
fs.rmSync(work, { recursive: true, force: true })
fs.mkdirSync(work, { recursive: true })
// The registry is then reset, so each test file still loads its own fresh copies
// (and its vi.mock or spies apply to them as they would without Stryker).
fs.writeFileSync(
  path.join(work, 'setup.ts'),
  [
    "import { vi } from 'vitest'",
    ...files.map((file) => `await import(${JSON.stringify(`../${file.replace(/\.ts$/, '.js')}`)})`),
    'vi.resetModules()',
    '',
  ].join('\n'),
)
fs.writeFileSync(
  path.join(work, 'vitest.config.ts'),
  `import path from 'node:path'
import { mergeConfig } from 'vitest/config'
import base from '../vitest.config.ts'

const root = path.resolve(import.meta.dirname, '..')
export default mergeConfig(base, { test: { root, setupFiles: [path.join(root, '${MUTATE_DIR}', 'setup.ts')] } })
`,
)

console.log(`Mutating ${mutate.join(', ')} in ${path.relative(root, appDir)} (this takes minutes)…`)
const started = performance.now()
process.chdir(appDir)
try {
  const results = await new Stryker({
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    // The tests reach the code through HTTP, not by importing it, so "related" finds none.
    vitest: { configFile: `${MUTATE_DIR}/vitest.config.ts`, related: false },
    mutate,
    coverageAnalysis: 'perTest',
    concurrency: 2,
    reporters: ['progress'],
    tempDirName: `${MUTATE_DIR}/stryker-tmp`,
    cleanTempDir: true,
    // A const enum in Stryker's types; its value is the string.
    logLevel: 'warn' as PartialStrykerOptions['logLevel'],
  }).runMutationTest()
  console.log(`\n${formatSummary(stepId, appDir, summarize(results), (performance.now() - started) / 1000)}`)
} catch (error) {
  // Stryker has logged the cause (a failing test in its first run, say); its stack adds nothing.
  console.error(`✖ Stryker stopped: ${(error as Error).message} Run npm test -- ${stepId} first: every test must pass.`)
  process.exitCode = 1
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
