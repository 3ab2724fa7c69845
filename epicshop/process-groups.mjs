// Installed by preload.mjs in the workshop app process and in the `epicshop start`
// process that runs it.
//
// Why: the app starts an exercise with spawn('npm', ['run', 'dev'], { shell: true })
// (and the Tests tab, and sidecars, the same way), and Stop App stops it with
// child.kill() and then fkill(':port'). kill() signals the shell alone and fkill
// the server on the port alone, so everything in between (npm, its `sh -c`, and
// `tsx watch`) is left running as an orphan, outliving Stop App and the app itself.
// `epicshop start` does the same one level up: it starts the app with
// spawn('node ./start.js', { shell: true }) and, when `npm start` gets SIGTERM,
// kills that shell only, so the app itself was left running. Their source is in
// node_modules, so the fix lives here:
//
// - a child spawned with `shell: true` (and no `detached` of its own) starts in a
//   process group of its own (`detached: true`: setsid on POSIX), so its whole
//   tree can be signalled at once; its stdio (the pipes the app reads) is unchanged;
// - kill() on such a child signals its whole group; a SIGTERM or SIGINT is
//   followed by SIGKILL to whatever of the group is still there after
//   KILL_GRACE_MS (`tsx watch` hangs on SIGTERM once its child was killed first;
//   Stop App SIGKILLs the server on the port after 500 ms anyway, and
//   `epicshop start` SIGKILLs the app after 2.5 s, so the app's own children
//   must be gone before that);
// - as the process exits (Ctrl-C, SIGTERM, `q`, a crash), every such group still
//   there gets SIGTERM and, EXIT_GRACE_MS later, SIGKILL. A group of its own is
//   out of the terminal's foreground group, so Ctrl-C alone no longer reaches it.
//
// Nothing else changes: spawns without `shell`, or with `detached` set, are left
// alone. Not on Windows: the app stops the tree with `taskkill /t` there.
import childProcess from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'

/** How long a group signalled by kill() may take to go before it gets SIGKILL. */
export const KILL_GRACE_MS = 2000
/** How long the exiting app waits for its groups to go after SIGTERM. */
export const EXIT_GRACE_MS = 500

let installed = false

/** Signals a whole process group; false when it no longer exists (or is not ours to signal). */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (error) {
    if (error.code === 'ESRCH' || error.code === 'EPERM') return false
    throw error // an unknown signal, as kill() itself would
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

export function killShellChildrenAsGroups() {
  if (installed || process.platform === 'win32') return
  installed = true

  /** Process group ids of the shell children still (possibly) running. */
  const groups = new Set()
  const spawn = childProcess.spawn

  childProcess.spawn = function spawnShellInOwnGroup(command, args, options) {
    // The same argument forms as spawn(): (command, args?, options?) and (command, options).
    if (args != null && !Array.isArray(args)) [args, options] = [[], args]
    if (!options?.shell || options.detached !== undefined) return spawn.apply(this, arguments)

    const child = spawn.call(this, command, args ?? [], { ...options, detached: true })
    if (child.pid === undefined) return child // it did not start: spawn emits 'error'
    const pgid = child.pid
    groups.add(pgid)
    child.on('exit', () => {
      // The shell is gone; its group may not be (an orphan it left behind).
      if (!signalGroup(pgid, 0)) groups.delete(pgid)
    })

    const kill = child.kill
    child.kill = function killGroup(signal = 'SIGTERM') {
      if (!groups.has(pgid) || !signalGroup(pgid, signal)) {
        groups.delete(pgid)
        return kill.call(this, signal)
      }
      if (signal === 0) return true
      this.killed = true
      if (signal === 'SIGTERM' || signal === 'SIGINT' || signal === 15 || signal === 2) {
        setTimeout(() => {
          if (groups.has(pgid) && !signalGroup(pgid, 'SIGKILL')) groups.delete(pgid)
        }, KILL_GRACE_MS).unref()
      }
      return true
    }
    return child
  }
  // The app imports { spawn } from 'child_process': make that binding see ours.
  syncBuiltinESMExports()

  process.on('exit', () => {
    const signalled = [...groups].filter((pgid) => signalGroup(pgid, 'SIGTERM'))
    if (signalled.length === 0) return
    sleepSync(EXIT_GRACE_MS)
    for (const pgid of signalled) signalGroup(pgid, 'SIGKILL')
  })
}
