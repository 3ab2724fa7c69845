import fs from 'node:fs'
import path from 'node:path'

/** Writes files (paths relative to `dir`, folders made as needed): a small app for a tool's test. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
}
