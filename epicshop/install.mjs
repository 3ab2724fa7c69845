// Runs after `npm install` at the root: installs the pinned workshop app and
// generates the Prisma client of every step, so `npm start` and `npm test`
// need nothing else. Everything comes from the npm registry.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { typescriptArgs } from './typescript.mjs'

const root = path.resolve(import.meta.dirname, '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(label, command, args, cwd) {
  const started = Date.now()
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed. Re-run \`npm install\`; if it fails again, see "Troubleshooting" in README.md.`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

const pinned = JSON.parse(fs.readFileSync(path.join(root, 'epicshop/package.json'), 'utf8')).dependencies[
  '@epic-web/workshop-app'
]
const installedManifest = path.join(root, 'epicshop/node_modules/@epic-web/workshop-app/package.json')
const installed = fs.existsSync(installedManifest) ? JSON.parse(fs.readFileSync(installedManifest, 'utf8')).version : null
if (installed === pinned) {
  console.log(`✔ Workshop app ${pinned} already installed`)
} else {
  run(`Workshop app ${pinned} installed`, npm, ['install', '--no-audit', '--no-fund'], path.join(root, 'epicshop'))
}

run('Prisma clients ready', process.execPath, typescriptArgs('tools/src/setup/generate-clients.ts'), root)
run('Local .env files ready', process.execPath, typescriptArgs('tools/src/setup/local-env.ts'), root)
