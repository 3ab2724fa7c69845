/**
 *   tsx tools/src/setup/playground-cli.ts ensure    set the first problem if the playground is empty
 *   tsx tools/src/setup/playground-cli.ts prepare   generate the playground's Prisma client
 */
import { findWorkshopRoot } from '../workshop.js'
import { ensurePlayground, preparePlayground } from './playground.js'

const root = findWorkshopRoot(import.meta.dirname)
const command = process.argv[2]

function prepare(): void {
  const env = preparePlayground(root)
  if (env === 'created') console.log('✔ playground/.env written with a fresh development JWT_SECRET (from .env.example).')
  if (env === 'secret added') console.log('✔ playground/.env had no JWT_SECRET: a fresh development one was added.')
}

if (command === 'ensure') {
  const { state, step } = ensurePlayground(root)
  if (state === 'set') console.log(`✔ The playground was empty: it now holds the problem of step ${step}.`)
  prepare()
} else if (command === 'prepare') {
  prepare()
} else {
  console.error('Usage: playground-cli.ts ensure | prepare')
  process.exit(2)
}
