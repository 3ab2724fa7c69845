import fs from 'node:fs'
import path from 'node:path'
import { copyAuthoredFiles } from '../app-files.js'
import { readSteps } from '../workshop.js'
import { generateClients } from './generate-clients.js'
import { ensureLocalEnv, type LocalEnvOutcome } from './local-env.js'

export type PlaygroundState = 'set' | 'kept'

function isEmpty(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0
}

/**
 * Puts the first problem in the playground when the playground is empty, the way
 * the workshop app does it, and never touches a playground that has files in it.
 */
export function ensurePlayground(root: string): { state: PlaygroundState; step: string | undefined } {
  const playground = path.join(root, 'playground')
  if (!isEmpty(playground)) return { state: 'kept', step: undefined }

  const first = readSteps(root).find((step) => step.problemDir !== undefined)
  if (!first?.problemDir) throw new Error('No problem under exercises/ to put in the playground.')
  // Like the workshop app's own copy: the files an author wrote, not what is git-ignored.
  copyAuthoredFiles(first.problemDir, playground)
  // The workshop app reads which step the playground holds from here.
  const info = path.join(root, 'node_modules', '.cache', 'epicshop', 'playground.json')
  fs.mkdirSync(path.dirname(info), { recursive: true })
  fs.writeFileSync(info, JSON.stringify({ appName: `${first.id}.problem` }))
  return { state: 'set', step: first.id }
}

/**
 * Makes the playground runnable: its Prisma client generated for its schema, and
 * a local .env with a development secret where the step needs one.
 */
export function preparePlayground(root: string): LocalEnvOutcome | undefined {
  const playground = path.join(root, 'playground')
  if (!fs.existsSync(path.join(playground, 'package.json'))) return undefined
  generateClients([playground])
  return ensureLocalEnv(playground)
}
