// 👨‍💼 The token secret is a literal in the code, PORT and DATABASE_URL are read here
// with quiet fallbacks, and a bad value shows up as a stack trace from deep inside
// Node (or not at all). Check the whole configuration before anything else starts,
// and stop with a message that names what to fix.

import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import { createPrismaClient } from './db.js'

// The composition root: the one module that creates real dependencies, wires
// them into the app and opens a port. Importing anything else has no side effects.

// 🐨 before anything else: load .env if the file exists, then call loadConfig() from
// src/config.ts (which you create).
// 💰 node:fs can tell you whether a file exists, and Node (20.12 and later) reads a .env
// file into process.env by itself: look up process.loadEnvFile() in the process docs.
// 🐨 if it throws a ConfigError, print error.message with console.error, set
// process.exitCode = 1 and start nothing. Any other error is a bug: let it throw.
// 🦉 exitCode rather than process.exit(1) lets Node flush stderr before it ends.

// 💣 no more process.env here: the client gets config.databaseUrl, and createApp gets
// { prisma, config }.
const prisma = createPrismaClient(process.env.DATABASE_URL ?? 'file:./dev.db')
const app = createApp({ prisma })

// 🐨 listen on config.port
const server = app.listen(Number(process.env.PORT ?? 3000), (error) => {
  if (error) throw error
  // With PORT=0 the OS picks a free port, so report the one we actually got.
  const { port } = server.address() as AddressInfo
  console.log(`Conduit listening on http://localhost:${port}`)
})
