import type { Auth } from '../auth.js'
import type { PrismaClient } from '../generated/prisma/client.js'

/**
 * Everything a router may be given. Each router factory names the part it needs,
 * so its signature says what it can touch.
 */
// 🐨 the routers get the repositories, not the client: `extends Repositories`
// (src/repositories/index.ts: { users, articles, comments }) and no `prisma` key.
// 💣 then delete the PrismaClient import: no route may even name a Prisma type.
export interface RouteDeps {
  prisma: PrismaClient
  auth: Auth
}
