import type { Auth } from '../auth.js'
import type { Repositories } from '../repositories/index.js'

/**
 * Everything a router may be given: the repositories and the token helpers, never a
 * database client. Each router factory names the part it needs, so its signature
 * says what it can touch.
 */
export interface RouteDeps extends Repositories {
  auth: Auth
}
