// The workshop app runs this after it copies a step into playground/: the copy
// leaves out git-ignored files, so generate the playground's Prisma client.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const tsx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx')
const result = spawnSync(tsx, ['tools/src/setup/playground-cli.ts', 'prepare'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
process.exit(result.status ?? 1)
