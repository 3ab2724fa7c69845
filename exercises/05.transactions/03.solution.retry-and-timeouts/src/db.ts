import { PrismaLibSQL } from '@prisma/adapter-libsql'
import { PrismaClient } from './generated/prisma/client.js'

/**
 * A Prisma client for one database. Nothing connects at import time: the caller
 * decides which database and when, so a test can point a client at its own copy
 * and the server can point one at the real thing.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) })
}
