import { z } from 'zod'

const PORT_RULE = 'must be a whole number from 0 to 65535 (0 lets the OS pick a free port)'

/**
 * Every environment variable the service reads, what each must look like, and
 * its default when it has a safe one. A secret has no default: a missing secret
 * must stop the start-up, not fall back to a value that is public in the repo.
 */
export const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'must be development, test or production' })
    .default('development'),
  PORT: z.coerce
    .number({ error: PORT_RULE })
    .int({ error: PORT_RULE })
    .min(0, { error: PORT_RULE })
    .max(65535, { error: PORT_RULE })
    .default(3000),
  DATABASE_URL: z.string().default('file:./dev.db'),
  JWT_SECRET: z
    .string({ error: 'is required: a random secret of at least 32 characters that signs login tokens' })
    .min(32, { error: 'must be at least 32 characters long' }),
})

// The rest of the app speaks in its own names, not in environment variable names.
const configSchema = envSchema.transform((env) => ({
  nodeEnv: env.NODE_ENV,
  port: env.PORT,
  databaseUrl: env.DATABASE_URL,
  jwtSecret: env.JWT_SECRET,
}))

export type Config = z.infer<typeof configSchema>

/** The environment is not fit to start the service in: the message says what to fix. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads and checks the configuration once, at start-up. Throws a ConfigError that
 * names every bad variable and what it should be — never the value it got, which
 * may be a secret on its way into the logs.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Each variable of the schema, read by name. An empty one (`PORT=` in a .env file)
  // counts as not set: the default applies (not port 0), and a required one is missing.
  const given = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, env[name] || undefined]))
  const result = configSchema.safeParse(given)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.')} ${issue.message}`)
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`)
  }
  return result.data
}
