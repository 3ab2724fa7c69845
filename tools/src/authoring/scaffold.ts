import fs from 'node:fs'
import path from 'node:path'
import { copyAuthoredFiles, practiceFileName } from '../app-files.js'
import { counterfeitsDir } from '../counterfeits/counterfeits.js'
import { readModules, readSteps } from '../workshop.js'

export interface ScaffoldRequest {
  root: string
  /** "02.04" */
  id: string
  /** kebab-case name of the step: "database-errors" */
  slug: string
  /** Folder name of a new module ("03.validation"); only for a module's first step. */
  moduleFolder?: string | undefined
}

export interface ScaffoldResult {
  problemDir: string
  solutionDir: string
  copiedFrom: string
  practiceTest: string
  /** Where the step's counterfeits go (tools/counterfeits/<id>/). */
  counterfeitsDir: string
}

const ID = /^(\d{2})\.(\d{2})$/
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

function problemReadme(title: string): string {
  return `# ${title}

👨‍💼 The production story: what goes wrong today, and who notices.

## The idea

The concept in a few paragraphs, with one small example.

## Your task

🐨 Each thing to do, in the order to do it. The practice tests in
\`tests/\` say when it is done.

## Docs

- Links to the official documentation.
`
}

function solutionReadme(title: string): string {
  return `# ${title}

## What changed

## Why

## Trade-offs

## What a reviewer would still push back on
`
}

function counterfeitsReadme(id: string, title: string): string {
  return `# Counterfeits of ${id} ${title}

Keep at least two here (\`npm test\` asks for them): the cheapest changes to the problem that
would pass a careless suite without the practice. One per kind of trick that applies: a rule met
only in the text, code written but never wired in, state shared where injection is asked for, a
race won by serialising in one process, a message hard-coded for the one case a test triggers.

    npm run counterfeit -- try ${id} <name>
    npm run counterfeit -- save ${id} <name> "what the trick is, in one line"

See ../README.md for the format.
`
}

function titleOf(slug: string): string {
  const words = slug.split('-').join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function setPackageName(appDir: string, name: string): void {
  const file = path.join(appDir, 'package.json')
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
  fs.writeFileSync(file, `${JSON.stringify({ ...pkg, name }, null, 2)}\n`)
}

/**
 * A new step made from the previous step's solution: problem and solution are
 * copies of it with README templates and an empty practice-test file. It never
 * writes over an existing folder.
 */
export function scaffoldStep(request: ScaffoldRequest): ScaffoldResult {
  const match = ID.exec(request.id)
  if (!match) throw new Error(`The step id "${request.id}" should look like 02.04 (module.step).`)
  if (!SLUG.test(request.slug)) throw new Error(`The slug "${request.slug}" should be kebab-case, like database-errors.`)
  const [, moduleNumber, stepNumber] = match as unknown as [string, string, string]

  const steps = readSteps(request.root)
  if (steps.some((step) => step.id === request.id)) throw new Error(`Step ${request.id} exists already.`)
  const previous = steps.filter((step) => step.id < request.id).at(-1)
  if (!previous?.solutionDir) {
    throw new Error(`No earlier step with a solution to start ${request.id} from.`)
  }
  // A step goes at the end of its module. A later module may exist already (modules
  // are sometimes built side by side); its first problem is then compared with this
  // new solution, and the validator says so until it is brought up to date.
  const later = steps.find((step) => step.id > request.id && step.id.startsWith(`${moduleNumber}.`))
  if (later) throw new Error(`Step ${later.id} comes after ${request.id}: add steps at the end of a module, or renumber by hand.`)

  let moduleDir = readModules(request.root).find((module) => module.number === moduleNumber)?.dir
  if (!moduleDir) {
    if (!request.moduleFolder) {
      throw new Error(`Module ${moduleNumber} does not exist yet: name its folder with --module ${moduleNumber}.some-name`)
    }
    if (!request.moduleFolder.startsWith(`${moduleNumber}.`)) {
      throw new Error(`The module folder "${request.moduleFolder}" should start with ${moduleNumber}.`)
    }
    moduleDir = path.join(request.root, 'exercises', request.moduleFolder)
    fs.mkdirSync(moduleDir, { recursive: true })
    fs.writeFileSync(path.join(moduleDir, 'README.mdx'), `# ${titleOf(request.moduleFolder.slice(3))}\n`)
  }

  const problemDir = path.join(moduleDir, `${stepNumber}.problem.${request.slug}`)
  const solutionDir = path.join(moduleDir, `${stepNumber}.solution.${request.slug}`)
  const title = titleOf(request.slug)
  const practiceTest = practiceFileName(request.id, request.slug)
  const practice = `import { describe, test } from 'vitest'

describe('${title}', () => {
  test.todo('🚨 the behaviour that only this practice gives')
})
`
  for (const [dir, kind] of [
    [problemDir, 'problem'],
    [solutionDir, 'solution'],
  ] as const) {
    copyAuthoredFiles(previous.solutionDir, dir, (file) => !file.endsWith('README.mdx'))
    setPackageName(dir, `@conduit/${request.id}.${kind}`)
    fs.writeFileSync(path.join(dir, 'README.mdx'), kind === 'problem' ? problemReadme(title) : solutionReadme(title))
    fs.writeFileSync(path.join(dir, practiceTest), practice)
  }
  const counterfeits = counterfeitsDir(request.root, request.id)
  fs.mkdirSync(counterfeits, { recursive: true })
  const placeholder = path.join(counterfeits, 'README.md')
  if (!fs.existsSync(placeholder)) fs.writeFileSync(placeholder, counterfeitsReadme(request.id, title))
  return { problemDir, solutionDir, copiedFrom: previous.solutionDir, practiceTest, counterfeitsDir: counterfeits }
}
