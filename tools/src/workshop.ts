import fs from 'node:fs'
import path from 'node:path'

/** One exercise step: a problem and its solution, both complete apps. */
export interface Step {
  /** "01.02": module number and step number. */
  id: string
  moduleDir: string
  problemDir: string | undefined
  solutionDir: string | undefined
}

export interface Module {
  number: string
  dir: string
  steps: Step[]
}

const MODULE_DIR = /^(\d{2})\.[a-z0-9-]+$/
const STEP_DIR = /^(\d{2})\.(problem|solution)\.[a-z0-9-]+$/

/** The workshop root: the nearest folder, from `start` up, that has an exercises/ folder. */
export function findWorkshopRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start)
  for (;;) {
    if (fs.existsSync(path.join(dir, 'exercises')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return dir
    }
    const parent = path.dirname(dir)
    if (parent === dir) {
      throw new Error(`No workshop root (a folder with exercises/ and package.json) above ${start}`)
    }
    dir = parent
  }
}

function listDirs(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

/** Modules and their steps, in order, read from exercises/. */
export function readModules(root: string): Module[] {
  const exercises = path.join(root, 'exercises')
  return listDirs(exercises)
    .filter((name) => MODULE_DIR.test(name))
    .map((name) => {
      const dir = path.join(exercises, name)
      const number = name.slice(0, 2)
      const byStep = new Map<string, Step>()
      for (const child of listDirs(dir)) {
        const match = STEP_DIR.exec(child)
        if (!match) continue
        const id = `${number}.${match[1]}`
        const step = byStep.get(id) ?? { id, moduleDir: dir, problemDir: undefined, solutionDir: undefined }
        if (match[2] === 'problem') step.problemDir = path.join(dir, child)
        else step.solutionDir = path.join(dir, child)
        byStep.set(id, step)
      }
      return { number, dir, steps: [...byStep.values()].sort((a, b) => a.id.localeCompare(b.id)) }
    })
}

export function readSteps(root: string): Step[] {
  return readModules(root).flatMap((module) => module.steps)
}

/** Every app the workshop has: each problem and solution, and the playground if it holds one. */
export function listApps(root: string): string[] {
  const apps = readSteps(root).flatMap((step) =>
    [step.problemDir, step.solutionDir].filter((dir): dir is string => dir !== undefined),
  )
  const playground = path.join(root, 'playground')
  if (fs.existsSync(path.join(playground, 'package.json'))) apps.push(playground)
  return apps
}
