// How the workshop's own scripts run a TypeScript tool: this Node with tsx's loader,
// no shell and no .bin script (tools/src/typescript-child.ts does the same for the tools).
// `--import tsx` would resolve from the working folder, so the loader's URL is passed.
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')

/** The node arguments that run `script` (and `args`) under tsx, for spawn and spawnSync. */
export function typescriptArgs(script, args = []) {
  const loader = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href
  return ['--import', loader, script, ...args]
}
