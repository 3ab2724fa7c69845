/**
 * npm run step:new -- 02.04 database-errors [--module 03.validation]
 * Makes a new step from the previous step's solution (see README "Authoring a step").
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { generateClients } from '../setup/generate-clients.js'
import { writeSolutionsIndex } from '../solutions-index.js'
import { findWorkshopRoot } from '../workshop.js'
import { scaffoldStep } from './scaffold.js'

const USAGE = 'Usage: npm run step:new -- <id> <slug> [--module NN.name]   e.g. npm run step:new -- 02.04 database-errors'
let args: { positionals: string[]; values: { module?: string | undefined } }
try {
  args = parseArgs({ allowPositionals: true, options: { module: { type: 'string' } } })
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`)
  process.exit(2)
}
const moduleFolder = args.values.module
const [id, slug] = args.positionals
if (!id || !slug) {
  console.error(USAGE)
  process.exit(2)
}
const root = findWorkshopRoot(import.meta.dirname)
try {
  const result = scaffoldStep({ root, id, slug, moduleFolder })
  generateClients([result.problemDir, result.solutionDir])
  writeSolutionsIndex(root)
  console.log(`✔ Step ${id} made from ${path.relative(root, result.copiedFrom)}:
  ${path.relative(root, result.problemDir)}
  ${path.relative(root, result.solutionDir)}
Next: write ${result.practiceTest} (the same file in both), do the work in the solution,
add guidance comments (🐨 💰 🦉 💣) to the problem, fill in both README.mdx, write at least
two counterfeits into ${path.relative(root, result.counterfeitsDir)}/ (npm run counterfeit -- try ${id} <name>),
then run npm install (to register the new workspaces) and npm test -- ${id}.`)
} catch (error) {
  console.error(`✖ ${(error as Error).message}`)
  process.exit(1)
}
