import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'

/**
 * The one workaround the workshop needs to run Prisma Migrate offline.
 *
 * Prisma 6.19's CLI can migrate through a driver adapter with its Wasm schema
 * engine (`engine: 'js'` in prisma.config.ts), so nothing is downloaded. But when
 * it replays migrations into the shadow database it sends each whole migration
 * file through `executeRaw`, and libSQL's `execute` runs only the first statement
 * of a script. The shadow database then lacks indexes and foreign keys, and
 * `migrate dev` reports drift that is not there. Sending parameterless raw
 * statements through `executeScript` (libSQL's `executeMultiple`) fixes it.
 *
 * When the workshop moves to Prisma 7 and its CLI no longer needs a native
 * engine download, this wrapper and `prisma-offline` can be deleted.
 */
export function withScriptSupport(
  factory: SqlMigrationAwareDriverAdapterFactory,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsWhole(await factory.connect()),
    connectToShadowDb: async () => runScriptsWhole(await factory.connectToShadowDb()),
  }
}

function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'executeRaw') {
        const executeRaw: SqlDriverAdapter['executeRaw'] = async (query) => {
          if (query.args.length > 0) return target.executeRaw(query)
          await target.executeScript(query.sql)
          return 0
        }
        return executeRaw
      }
      const value: unknown = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
