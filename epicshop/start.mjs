// npm start: puts the first problem in the playground if it is empty, then starts
// the pinned workshop app, reachable from this machine only (see loopback.mjs).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')
const bin = (dir, name) => path.join(dir, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
const tsx = bin(root, 'tsx')
const epicshop = bin(path.join(root, 'epicshop'), 'epicshop')

for (const [file, what] of [
  [tsx, 'the workshop dependencies'],
  [epicshop, 'the workshop app'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`✖ ${what} are not installed (${path.relative(root, file)} is missing). Run \`npm install\` first.`)
    process.exit(1)
  }
}

const prepared = spawnSync(tsx, ['tools/src/setup/playground-cli.ts', 'ensure'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (prepared.status !== 0) process.exit(prepared.status ?? 1)

const preload = `--import=${pathToFileURL(path.join(root, 'epicshop', 'loopback.mjs')).href}`
const child = spawn(epicshop, ['start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ') },
})
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
