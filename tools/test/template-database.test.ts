import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { sweepEndedCopies } from '../src/testing/template-database.js'

const dir = path.join(import.meta.dirname, '.tmp', 'sweep')

/** The pid of a process that has already ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('sweepEndedCopies', () => {
  test('removes the copies of processes that have ended and keeps those of live ones', () => {
    fs.mkdirSync(dir, { recursive: true })
    const ended = `test-${endedPid()}-1-a.db`
    const live = `test-${process.pid}-1-b.db`
    const other = 'template-notes.txt'
    for (const name of [ended, live, other]) fs.writeFileSync(path.join(dir, name), '')
    expect(sweepEndedCopies(dir)).toBe(1)
    expect(fs.readdirSync(dir).sort()).toEqual([other, live].sort())
  })

  test('a folder that is not there is nothing to sweep', () => {
    expect(sweepEndedCopies(path.join(dir, 'missing'))).toBe(0)
  })
})
