/**
 * What the benchmarks share: starting Vitest the one way the tools do (this Node
 * with Vitest's own CLI file, no shell, no .bin script), timing a run, and
 * printing min / median / max. Benchmarks report figures; they never fail on a
 * slow machine.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

const vitestCli = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

export interface TimedRun {
  seconds: number
  status: number | null
  output: string
}

/** How a benchmark's child runs: as in CI, and NO_COLOR keeps Vitest's lines free of escape codes. */
function runEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CI: 'true', NO_COLOR: '1' }
}

/** Runs `node <args>` in `cwd` and times it, output captured. */
export function timeNode(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): TimedRun {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...runEnv(), ...env },
  })
  return { seconds: (performance.now() - started) / 1000, status: result.status, output: `${result.stdout}${result.stderr}` }
}

/** `vitest run` in an app folder, as a learner starts it. */
export function timeVitestRun(appDir: string): TimedRun {
  return timeNode([vitestCli, 'run'], appDir)
}

export interface MarkedRun extends TimedRun {
  /** Seconds from the start until the output first held a line matching the mark; undefined if it never did. */
  markSeconds: number | undefined
}

/**
 * `vitest run` in an app folder, as timeVitestRun starts it, also noting when the
 * output first shows `mark` (the step reporter's block for the step's own tests).
 */
export function timeVitestRunUntil(appDir: string, mark: RegExp): Promise<MarkedRun> {
  const started = performance.now()
  const child = spawn(process.execPath, [vitestCli, 'run'], {
    cwd: appDir,
    env: runEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let markSeconds: number | undefined
  const take = (chunk: Buffer): void => {
    output += chunk.toString('utf8')
    if (markSeconds === undefined && mark.test(output)) markSeconds = (performance.now() - started) / 1000
  }
  child.stdout.on('data', take)
  child.stderr.on('data', take)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve({ seconds: (performance.now() - started) / 1000, status, output, markSeconds }))
  })
}

/** Vitest's "Tests  N passed (N)" line, or a note that there was none. */
export function vitestSummary(output: string): string {
  return /Tests\s+.*\(\d+\)/.exec(output)?.[0].replace(/\s+/g, ' ') ?? 'no summary'
}

export function spread(seconds: number[]): string {
  const sorted = [...seconds].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  return `min ${sorted[0]!.toFixed(2)} s, median ${median.toFixed(2)} s, max ${sorted.at(-1)!.toFixed(2)} s`
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
