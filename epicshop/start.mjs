// npm start: puts the first problem in the playground if it is empty, then starts
// the pinned workshop app, reachable from this machine only (see preload.mjs).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { typescriptArgs } from './typescript.mjs'

const root = path.resolve(import.meta.dirname, '..')
const tsxPackage = path.join(root, 'node_modules', 'tsx', 'package.json')
const epicshopPackage = path.join(root, 'epicshop', 'node_modules', 'epicshop', 'package.json')

for (const [file, what] of [
  [tsxPackage, 'the workshop dependencies'],
  [epicshopPackage, 'the workshop app'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`✖ ${what} are not installed (${path.relative(root, file)} is missing). Run \`npm install\` first.`)
    process.exit(1)
  }
}

const prepared = spawnSync(process.execPath, typescriptArgs('tools/src/setup/playground-cli.ts', ['ensure']), {
  cwd: root,
  stdio: 'inherit',
})
if (prepared.status !== 0) process.exit(prepared.status ?? 1)

// The pinned app (6.50.2, the newest that still runs on Node 20) lists Node 20, 22
// and 24 and refuses newer ones. It serves every page on Node 26 (checked on 26.10,
// and by the browser test in CI), so skip its check there rather than turn a
// newcomer on the current LTS away. See "Requirements" in README.md.
const major = Number(process.versions.node.split('.')[0])
const versionCheck = major > 24 ? { EPICSHOP_SKIP_NODE_VERSION_CHECK: '1' } : {}

const { bin } = JSON.parse(fs.readFileSync(epicshopPackage, 'utf8'))
const epicshopCli = path.join(path.dirname(epicshopPackage), typeof bin === 'string' ? bin : bin.epicshop)
const preload = `--import=${pathToFileURL(path.join(root, 'epicshop', 'preload.mjs')).href}`
const child = spawn(process.execPath, [epicshopCli, 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    ...versionCheck,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
  },
})
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
