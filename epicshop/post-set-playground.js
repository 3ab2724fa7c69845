// The workshop app runs this after it copies a step into playground/: the copy
// leaves out git-ignored files, so generate the playground's Prisma client.
// It also writes the playground's .env (a development JWT_SECRET) when the step needs one.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')
const tsxLoader = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href
const result = spawnSync(process.execPath, ['--import', tsxLoader, 'tools/src/setup/playground-cli.ts', 'prepare'], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
