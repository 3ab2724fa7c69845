import { defineConfig } from 'prisma/config'
import { PrismaLibSQL } from '@prisma/adapter-libsql'
import path from 'node:path'
import {
  DEFAULT_DATABASE_URL,
  clientOutputFor,
  findPrismaFolder,
  withScriptSupport,
} from '@production-express/tools/prisma'

// This app uses the workshop's shared schema (../../../prisma) unless it has a
// prisma/ folder of its own, and generates its client into src/generated/prisma.
const prismaFolder = findPrismaFolder(import.meta.dirname)
process.env.PRISMA_CLIENT_OUTPUT = clientOutputFor(import.meta.dirname)
// The adapter is what connects, but Prisma 6 still reads the schema's url.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL

export default defineConfig({
  // Prisma's JavaScript schema engine migrates through the driver adapter, so the
  // CLI needs no native engine download (see the README: "Prisma, offline").
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => withScriptSupport(new PrismaLibSQL({ url: process.env.DATABASE_URL! })),
  schema: path.join(prismaFolder, 'schema.prisma'),
  migrations: {
    path: path.join(prismaFolder, 'migrations'),
    seed: `tsx ${path.join(prismaFolder, 'seed.ts')}`,
  },
})
