/**
 * Where the code reaches Prisma, read on the real import graph with the TypeScript
 * compiler (never a regex over the text): a re-export file in between does not hide it.
 */
import {
  allNodes,
  findImports,
  resolveLocalImport,
  ts,
  type SourceModule,
} from '@production-express/tools/testing/source-code'

/** Whether a specifier names the Prisma client, its packages, or the module that makes the client. */
export function isPrisma(specifier: string): boolean {
  return (
    /(^|\/)generated\/prisma(\/|$)/.test(specifier) || /^@prisma\//.test(specifier) || /^prisma(\/|$)/.test(specifier)
  )
}

/** Every module a module names, type-only imports included (a type is a dependency too). */
export function namedModules(module: SourceModule): string[] {
  const named = new Set(findImports(module))
  for (const node of allNodes(module)) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) named.add(node.moduleSpecifier.text)
    }
  }
  return [...named]
}

/**
 * The chain of imports (values only: what runs) by which `file` reaches the Prisma
 * client, or undefined. Runs on the real graph, so a re-export file in between does not hide it.
 */
export function pathToPrisma(modules: SourceModule[], file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file)) return undefined
  seen.add(file)
  const module = modules.find((candidate) => candidate.file === file)
  if (!module) return undefined
  for (const specifier of findImports(module)) {
    if (specifier === '<dynamic>') return [`src/${file}`, 'import(<computed>)']
    if (isPrisma(specifier)) return [`src/${file}`, specifier]
    const local = resolveLocalImport(modules, file, specifier)
    if (!local) continue
    if (local === 'db.ts' || local.startsWith('repositories/prisma/')) return [`src/${file}`, `src/${local}`]
    const rest = pathToPrisma(modules, local, seen)
    if (rest) return [`src/${file}`, ...rest]
  }
  return undefined
}

/**
 * The chain of imports, type-only ones included, by which `file` names anything from
 * Prisma; the Prisma repositories and db.ts are where such chains are allowed to end.
 */
export function pathToPrismaType(
  modules: SourceModule[],
  file: string,
  seen = new Set<string>(),
): string[] | undefined {
  if (seen.has(file)) return undefined
  seen.add(file)
  const module = modules.find((candidate) => candidate.file === file)
  if (!module) return undefined
  for (const specifier of namedModules(module)) {
    if (isPrisma(specifier)) return [`src/${file}`, specifier]
    const local = resolveLocalImport(modules, file, specifier)
    if (!local) continue
    if (local === 'db.ts' || local.startsWith('repositories/prisma/')) return [`src/${file}`, `src/${local}`]
    const rest = pathToPrismaType(modules, local, seen)
    if (rest) return [`src/${file}`, ...rest]
  }
  return undefined
}
