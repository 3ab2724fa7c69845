// Keeps the learner's playground before the workshop app overwrites it (see
// pre-set-playground.js, which the app runs just before it copies a step there).
//
// "Set to Playground", the reset icon and the playground's app chooser all copy
// a step over playground/, replacing the files the learner changed and deleting
// the ones they added. The app can save the old playground first ("Persist
// Playground" in its Preferences, saving into saved-playgrounds/), but that
// preference is off by default and belongs to the learner's machine-wide epicshop
// data, shared by every workshop, with no default a workshop can set. So we save
// it ourselves, into the same folder with the same names, whenever the
// playground holds work of the learner's: any file that differs from the step it
// was set from. An unchanged playground is not saved again and again.
import fs from 'node:fs'
import path from 'node:path'

/** Left out of the comparison and of the copy: dependencies and what is generated. */
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist', 'coverage', '.cache', '.mutate'])
/** Copied, but no reason to save by themselves: local data and build leftovers. */
const NOT_WORK = /\.db(-journal|-wal|-shm)?$|\.tsbuildinfo$/

/** Files under `dir`, relative with forward slashes, skipped folders aside. */
function listFiles(dir) {
  const files = []
  const walk = (at) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full)
      } else {
        files.push(path.relative(dir, full).split(path.sep).join('/'))
      }
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return files.sort()
}

/** A .env as it matters here: its JWT_SECRET is a fresh random one in every app. */
function envWithoutSecret(text) {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#') && !/^\s*JWT_SECRET\s*=/.test(line))
    .join('\n')
}

function sameFile(a, b, file) {
  if (!fs.existsSync(b)) return path.basename(file) === '.env' && envWithoutSecret(fs.readFileSync(a, 'utf8')) === ''
  if (path.basename(file) === '.env') {
    return envWithoutSecret(fs.readFileSync(a, 'utf8')) === envWithoutSecret(fs.readFileSync(b, 'utf8'))
  }
  return fs.readFileSync(a).equals(fs.readFileSync(b))
}

/**
 * The files of the playground that are the learner's work: changed from, added
 * to or deleted from the step it was set from (`origin`).
 */
export function changedFiles(playgroundDir, origin) {
  const mine = listFiles(playgroundDir).filter((file) => !NOT_WORK.test(file))
  const theirs = listFiles(origin).filter((file) => !NOT_WORK.test(file) && path.basename(file) !== '.env')
  const changed = mine.filter((file) => !sameFile(path.join(playgroundDir, file), path.join(origin, file), file))
  const deleted = theirs.filter((file) => !mine.includes(file))
  return [...changed, ...deleted].sort()
}

/** The step folder the workshop app recorded the playground was set from, if any. */
export function playgroundOrigin(root) {
  const info = path.join(root, 'node_modules', '.cache', 'epicshop', 'playground.json')
  let appName
  try {
    appName = JSON.parse(fs.readFileSync(info, 'utf8')).appName
  } catch {
    return { appName: undefined, dir: undefined }
  }
  // "01.02.problem" is exercises/01.*/02.problem.*
  const match = typeof appName === 'string' ? /^(\d+)\.(\d+)\.(problem|solution)$/.exec(appName) : null
  if (!match) return { appName, dir: undefined }
  const [, exercise, step, type] = match
  const exercises = path.join(root, 'exercises')
  if (!fs.existsSync(exercises)) return { appName, dir: undefined }
  for (const module of fs.readdirSync(exercises)) {
    if (!module.startsWith(`${exercise}.`)) continue
    const moduleDir = path.join(exercises, module)
    if (!fs.statSync(moduleDir).isDirectory()) continue
    const stepDir = fs.readdirSync(moduleDir).find((name) => name.startsWith(`${step}.${type}.`))
    if (stepDir) return { appName, dir: path.join(moduleDir, stepDir) }
  }
  return { appName, dir: undefined }
}

/** Whether the learner turned on the app's own "Persist Playground" (it then saves first). */
export async function appSavesPlayground() {
  try {
    const db = await import('@epic-web/workshop-utils/db.server')
    return (await db.getPreferences())?.playground?.persist === true
  } catch {
    return false // then both save: a copy too many, never one too few
  }
}

/** YYYY.MM.DD_HH.mm.ss, local time: the app's own name for a saved playground. */
function timestamp(date) {
  const two = (n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}.${two(date.getMonth() + 1)}.${two(date.getDate())}_${two(date.getHours())}.${two(date.getMinutes())}.${two(date.getSeconds())}`
}

const README = `# Saved playgrounds

Each folder here is a copy of \`playground/\` as it was just before the workshop
app replaced it with a step ("Set to Playground", the reset icon, or the
playground's app chooser), named after the time and the step it had been set
from. The workshop saves it whenever the playground held a change of yours, so
nothing you wrote there is lost. Copy back what you need, and delete the
folders you no longer want. (The workshop app's own "Persist Playground"
preference saves here too, on every set.)
`

/**
 * Saves playground/ into saved-playgrounds/<time>_<step>/ when it holds work of
 * the learner's. Returns what it did, for the message.
 */
export async function savePlaygroundBeforeSet({ root, now = new Date(), appSaves = appSavesPlayground }) {
  const playgroundDir = path.join(root, 'playground')
  if (listFiles(playgroundDir).length === 0) return { saved: undefined, reason: 'the playground is empty' }
  const { appName, dir: origin } = playgroundOrigin(root)
  const changed = origin ? changedFiles(playgroundDir, origin) : undefined
  if (changed && changed.length === 0) return { saved: undefined, reason: `it is unchanged from ${appName}` }
  if (await appSaves()) return { saved: undefined, reason: 'the workshop app saved it (Persist Playground is on)' }

  const savedDir = path.join(root, 'saved-playgrounds')
  fs.mkdirSync(savedDir, { recursive: true })
  const readme = path.join(savedDir, 'README.md')
  if (!fs.existsSync(readme)) fs.writeFileSync(readme, README)
  const base = `${timestamp(now)}_${appName ?? 'playground'}`
  let name = base
  for (let n = 2; fs.existsSync(path.join(savedDir, name)); n++) name = `${base}-${n}`
  const target = path.join(savedDir, name)
  for (const file of listFiles(playgroundDir)) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true })
    fs.copyFileSync(path.join(playgroundDir, file), path.join(target, file))
  }
  return { saved: target, changed }
}
