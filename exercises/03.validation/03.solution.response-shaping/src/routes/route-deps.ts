import type { Auth } from '../auth.js'
import type { PrismaClient } from '../generated/prisma/client.js'

/**
 * Everything a router may be given. Each router factory names the part it needs,
 * so its signature says what it can touch.
 */
export interface RouteDeps {
  prisma: PrismaClient
  auth: Auth
}
