/**
 * Prisma 6 warns on every command that the schema's datasource `url` is unused
 * next to a driver adapter. It is unused by the app, but Prisma 6's schema
 * validation still requires it (see prisma/schema.prisma), so the warning says
 * nothing a learner can act on: `migrate deploy`, which runs at every start,
 * leaves it out. Interactive commands keep Prisma's own output untouched.
 */
export function withoutAdapterUrlWarning(output: string): string {
  return output.replace(
    /\n*WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter[\s\S]*?only using driver adapters\.\n/,
    '\n',
  )
}
