// Preloaded into the workshop app (see start.mjs), for three fixes of our own:
// - The app calls listen(port) with no host, which binds every network
//   interface; a workshop on a laptop should be reachable from that laptop only.
//   Set WORKSHOP_HOST=0.0.0.0 to share it on a network on purpose.
// - Its test-output stream can crash the whole app when a tab closes it at the
//   wrong moment: see event-stream-guard.mjs.
// - Stop App, and the app's own exit, left each exercise's `tsx watch` (and the
//   npm and shell above it) running, and stopping `npm start` with SIGTERM left
//   the app itself running: see process-groups.mjs. This one applies to the
//   `epicshop start` process too, which starts the app through a shell.
import { register } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import { killShellChildrenAsGroups } from './process-groups.mjs'

const host = process.env.WORKSHOP_HOST || '127.0.0.1'
const entry = process.argv[1] ?? ''
const entryPath = entry.split(path.sep).join('/')
const isWorkshopApp = entryPath.includes('/@epic-web/workshop-app/')
const isWorkshopCli = entryPath.endsWith('/node_modules/epicshop/cli.js')

if (isWorkshopApp || isWorkshopCli) killShellChildrenAsGroups()

if (isWorkshopApp) {
  register('./event-stream-hooks.mjs', import.meta.url)

  const listen = net.Server.prototype.listen
  net.Server.prototype.listen = function listenOnHost(...args) {
    const [first, second] = args
    if ((typeof first === 'number' || /^\d+$/.test(String(first))) && typeof second !== 'string') {
      args.splice(1, 0, host)
    } else if (first && typeof first === 'object' && 'port' in first && !first.host) {
      args[0] = { ...first, host }
    }
    return listen.apply(this, args)
  }
}
