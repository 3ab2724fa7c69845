import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import { createPrismaClient } from './db.js'

// The composition root: the one module that creates real dependencies, wires
// them into the app and opens a port. Importing anything else has no side effects.
const prisma = createPrismaClient(process.env.DATABASE_URL ?? 'file:./dev.db')
const app = createApp({ prisma })

const server = app.listen(Number(process.env.PORT ?? 3000), (error) => {
  if (error) throw error
  // With PORT=0 the OS picks a free port, so report the one we actually got.
  const { port } = server.address() as AddressInfo
  console.log(`Conduit listening on http://localhost:${port}`)
})
