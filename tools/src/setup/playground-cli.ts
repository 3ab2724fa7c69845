/**
 *   tsx tools/src/setup/playground-cli.ts ensure    set the first problem if the playground is empty
 *   tsx tools/src/setup/playground-cli.ts prepare   generate the playground's Prisma client
 */
import { findWorkshopRoot } from '../workshop.js'
import { ensurePlayground, preparePlayground } from './playground.js'

const root = findWorkshopRoot(import.meta.dirname)
const command = process.argv[2]

if (command === 'ensure') {
  const { state, step } = ensurePlayground(root)
  if (state === 'set') console.log(`✔ The playground was empty: it now holds the problem of step ${step}.`)
  preparePlayground(root)
} else if (command === 'prepare') {
  preparePlayground(root)
} else {
  console.error('Usage: playground-cli.ts ensure | prepare')
  process.exit(2)
}
