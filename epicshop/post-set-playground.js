// The workshop app runs this after it copies a step into playground/: the copy
// leaves out git-ignored files, so generate the playground's Prisma client.
// It also writes the playground's .env (a development JWT_SECRET) when the step needs one.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { typescriptArgs } from './typescript.mjs'

const root = path.resolve(import.meta.dirname, '..')
const result = spawnSync(process.execPath, typescriptArgs('tools/src/setup/playground-cli.ts', ['prepare']), {
  cwd: root,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
