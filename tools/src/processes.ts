import fs from 'node:fs'
import path from 'node:path'

/** Whether a process with this pid is still running (on this machine, any user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A process as /proc shows it. */
export type ProcessInfo = {
  pid: number
  /** Parent pid. */
  ppid: number
  /** Process group id. */
  pgid: number
  /** Working directory (a real path). */
  cwd: string
  /** Its command line, arguments joined by spaces. */
  command: string
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses.
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (state === 'Z' || state === 'X') return undefined // exited, waiting to be reaped
    return {
      pid,
      ppid: Number(ppid),
      pgid: Number(pgid),
      cwd: fs.readlinkSync(`/proc/${pid}/cwd`),
      command: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '),
    }
  } catch {
    return undefined // gone meanwhile, or another user's
  }
}

/**
 * Every running process this user may inspect (zombies aside), read from /proc: Linux
 * only; it throws elsewhere rather than report nothing.
 */
export function listProcesses(): ProcessInfo[] {
  if (!fs.existsSync('/proc/self/stat')) throw new Error('Listing processes needs /proc (Linux).')
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined)
}

/**
 * The running processes whose working directory is `dir` or inside it, other
 * than the calling process: e.g. `processesUnder('playground')` is empty once
 * nothing started in the playground is left.
 */
export function processesUnder(dir: string): ProcessInfo[] {
  const resolved = path.resolve(dir)
  const real = fs.existsSync(resolved) ? fs.realpathSync(resolved) : resolved
  const inside = (cwd: string) => cwd === real || cwd.startsWith(real.endsWith(path.sep) ? real : real + path.sep)
  return listProcesses().filter((info) => info.pid !== process.pid && inside(info.cwd))
}

/** The running descendants of `pid` (children, their children, …), Linux only. */
export function descendants(pid: number): ProcessInfo[] {
  const all = listProcesses()
  const found: ProcessInfo[] = []
  const parents = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const info of all) {
      if (parents.has(info.ppid) && !parents.has(info.pid)) {
        parents.add(info.pid)
        found.push(info)
        grew = true
      }
    }
  }
  return found
}

/** Waits until no process works in `dir`, or `timeoutMs` has passed, and returns those still there. */
export async function waitForNoProcessUnder(dir: string, timeoutMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs
  let left = processesUnder(dir)
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    left = processesUnder(dir)
  }
  return left
}
