/**
 * Reads an app's source with the TypeScript compiler, for the few practice tests
 * whose lesson really is a rule about code structure (where listen() is called,
 * who reads the environment, which modules import Prisma, where try/catch is).
 *
 * A regular expression over the text is beaten by cosmetic rewrites
 * (`process['env']`, `{ 'errors': … }`, a string that opens a comment); the
 * syntax tree is not. What is only decided at run time (a name built from
 * strings) is left to the behaviour tests, which run the code.
 */
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

export { ts }

/** One module of the app: its path relative to src/ (forward slashes) and its syntax tree. */
export interface SourceModule {
  file: string
  ast: ts.SourceFile
}

/** Where a rule matched: `file:line`, the code itself (one line), and the node. */
export interface CodeSite<N extends ts.Node = ts.Node> {
  file: string
  line: number
  text: string
  node: N
}

const SKIPPED_DIRS = new Set(['generated', 'node_modules'])

/** Every .ts module under `srcDir` (not .d.ts, not the generated Prisma client). */
export function readSourceModules(srcDir: string): SourceModule[] {
  const modules: SourceModule[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full)
      } else if (/\.(c|m)?tsx?$/.test(entry.name) && !/\.d\.(c|m)?ts$/.test(entry.name)) {
        const file = path.relative(srcDir, full).split(path.sep).join('/')
        const text = fs.readFileSync(full, 'utf8')
        modules.push({ file, ast: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) })
      }
    }
  }
  walk(srcDir)
  return modules.sort((a, b) => a.file.localeCompare(b.file))
}

/** Every node of a module, depth first. */
export function allNodes(module: SourceModule): ts.Node[] {
  const nodes: ts.Node[] = []
  const visit = (node: ts.Node): void => {
    nodes.push(node)
    ts.forEachChild(node, visit)
  }
  visit(module.ast)
  return nodes
}

export function siteOf<N extends ts.Node>(module: SourceModule, node: N): CodeSite<N> {
  const { line } = module.ast.getLineAndCharacterOfPosition(node.getStart(module.ast))
  const text = node.getText(module.ast).replace(/\s+/g, ' ').trim()
  return { file: module.file, line: line + 1, text: text.length > 120 ? `${text.slice(0, 117)}...` : text, node }
}

/** `src/file.ts:12: code`, for failure messages. */
export function describeSite(site: CodeSite): string {
  return `src/${site.file}:${site.line}: ${site.text}`
}

/**
 * The value of an expression when it is a constant the compiler can see:
 * literals, `+x`/`-x`, parentheses, `as`/`satisfies`, template strings without
 * substitutions, and `+` of constants. Anything else is undefined (unknown).
 */
export function constantValue(node: ts.Expression): string | number | boolean | null | undefined {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return constantValue(node.expression)
  }
  if (ts.isNumericLiteral(node)) return Number(node.text)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false
  if (node.kind === ts.SyntaxKind.NullKeyword) return null
  if (ts.isPrefixUnaryExpression(node)) {
    const value = constantValue(node.operand)
    if (value === undefined) return undefined
    if (node.operator === ts.SyntaxKind.PlusToken) return Number(value)
    if (node.operator === ts.SyntaxKind.MinusToken) return -Number(value)
    return undefined
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = constantValue(node.left)
    const right = constantValue(node.right)
    if (left === undefined || right === undefined) return undefined
    return typeof left === 'string' || typeof right === 'string' ? `${left}${right}` : Number(left) + Number(right)
  }
  return undefined
}

/**
 * The property name an access uses, when it is known: `x.name`, `x?.name`,
 * `x['name']`, `x[`name`]`. Undefined for a computed name.
 */
export function accessedName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text
  if (ts.isElementAccessExpression(node)) {
    const value = constantValue(node.argumentExpression)
    return typeof value === 'string' ? value : undefined
  }
  return undefined
}

/** The name of a property in an object literal or a binding pattern, when it is known. */
export function propertyName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text
  if (ts.isComputedPropertyName(name)) {
    const value = constantValue(name.expression)
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  }
  return undefined
}

/**
 * Calls of a method or function named `name`: `x.name()`, `x?.name()`,
 * `x['name']()`, `name()`, and `x.name.call/apply/bind(...)`.
 */
export function findCalls(module: SourceModule, name: string): CodeSite<ts.CallExpression>[] {
  return allNodes(module)
    .filter(ts.isCallExpression)
    .filter((call) => {
      let callee: ts.Expression = call.expression
      while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression
      const calleeName = ts.isIdentifier(callee) ? callee.text : accessedName(callee)
      if (calleeName === name) return true
      if (calleeName && ['call', 'apply', 'bind'].includes(calleeName)) {
        const target = (callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression
        return (ts.isIdentifier(target) ? target.text : accessedName(target)) === name
      }
      return false
    })
    .map((call) => siteOf(module, call))
}

/** Every `try { … }` statement (with a catch or a finally). */
export function findTryStatements(module: SourceModule): CodeSite<ts.TryStatement>[] {
  return allNodes(module)
    .filter(ts.isTryStatement)
    .map((node) => siteOf(module, node))
}

/** Object literals with a property named `key`, however the key is spelled. */
export function findObjectsWithKey(module: SourceModule, key: string): CodeSite<ts.ObjectLiteralExpression>[] {
  return allNodes(module)
    .filter(ts.isObjectLiteralExpression)
    .filter((object) =>
      object.properties.some((property) =>
        ts.isShorthandPropertyAssignment(property) ? property.name.text === key : propertyName(property.name) === key,
      ),
    )
    .map((node) => siteOf(module, node))
}

// Stryker's instrumented copy of the code reads this variable to switch mutants
// on; it is the mutation tool's, not the app's, so the rule leaves it out.
const MUTATION_SWITCH = '__STRYKER_ACTIVE_MUTANT__'

function isProcess(node: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)) {
    node = node.expression
  }
  if (ts.isIdentifier(node)) return node.text === 'process'
  const name = accessedName(node)
  if (name !== 'process') return false
  const owner = (node as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression
  return ts.isIdentifier(owner) && ['globalThis', 'global', 'window', 'self'].includes(owner.text)
}

/**
 * Every place that reads the environment: `process.env`, `process['env']`,
 * `globalThis.process.env`, `const { env } = process`, and imports of
 * `node:process` (whose `env` is the same object).
 */
export function findEnvironmentReads(module: SourceModule): CodeSite[] {
  const sites: CodeSite[] = []
  for (const node of allNodes(module)) {
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && accessedName(node) === 'env') {
      if (!isProcess(node.expression)) continue
      const parent = node.parent
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
        if (accessedName(parent) === MUTATION_SWITCH) continue
      }
      sites.push(siteOf(module, node))
    } else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
      if (!isProcess(node.initializer)) continue
      const readsEnv = node.name.elements.some(
        (element) => propertyName(element.propertyName) === 'env' || (ts.isIdentifier(element.name) && !element.propertyName && element.name.text === 'env'),
      )
      if (readsEnv) sites.push(siteOf(module, node))
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (['process', 'node:process'].includes(node.moduleSpecifier.text)) sites.push(siteOf(module, node))
    }
  }
  return sites
}

/**
 * The modules a module loads: static imports and re-exports, `import('x')`,
 * `require('x')` and `import x = require('x')`. A dynamic import whose specifier
 * is not a constant is listed as `<dynamic>`, since nothing can say what it loads.
 * Type-only imports are left out: they vanish when compiled.
 */
export function findImports(module: SourceModule): string[] {
  const specifiers: string[] = []
  for (const node of allNodes(module)) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (node.importClause?.isTypeOnly) continue
      specifiers.push(node.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) specifiers.push(node.moduleSpecifier.text)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression
      if (ts.isStringLiteral(expression)) specifiers.push(expression.text)
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require'
      if (!isImport && !isRequire) continue
      const first = node.arguments[0]
      const value = first ? constantValue(first) : undefined
      specifiers.push(typeof value === 'string' ? value : '<dynamic>')
    }
  }
  return specifiers
}

/**
 * Resolves a relative specifier of `from` to another module of the app (the
 * `.js` of an ES-module import names the `.ts` file). Packages and modules
 * outside src/ give undefined.
 */
export function resolveLocalImport(modules: SourceModule[], from: string, specifier: string): string | undefined {
  return importCandidates(from, specifier).find((candidate) => modules.some((module) => module.file === candidate))
}

/**
 * The files a relative specifier of `from` may name, most likely first (an ES-module
 * import's `.js` names the `.ts` file); none for a package.
 */
export function importCandidates(from: string, specifier: string): string[] {
  if (!specifier.startsWith('.')) return []
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
  const stem = base.replace(/\.(c|m)?(j|t)sx?$/, '')
  return [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${stem}/index.ts`]
}

/**
 * What each module loads, directly or through other modules of the app:
 * `file → every specifier reached` (packages and app modules alike).
 */
export function transitiveImports(modules: SourceModule[], file: string): Set<string> {
  const reached = new Set<string>()
  const seen = new Set<string>()
  const visit = (current: string): void => {
    if (seen.has(current)) return
    seen.add(current)
    const module = modules.find((candidate) => candidate.file === current)
    if (!module) return
    for (const specifier of findImports(module)) {
      const local = resolveLocalImport(modules, current, specifier)
      reached.add(local ?? specifier)
      if (local) visit(local)
    }
  }
  visit(file)
  return reached
}
