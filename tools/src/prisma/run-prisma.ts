import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

// The CLI this workshop pins, whether or not node_modules/.bin is on PATH.
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')
const unrefLongTimers = path.join(import.meta.dirname, 'unref-long-timers.cjs')

/** Runs the Prisma CLI in `cwd`, with the Wasm engine's stray timer defused (see unref-long-timers.cjs). */
export function runPrisma(
  args: string[],
  options: { cwd?: string; capture?: boolean; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--require', unrefLongTimers, prismaCli, ...args], {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  })
}
