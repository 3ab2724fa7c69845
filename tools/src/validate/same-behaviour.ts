/**
 * Whether a module that changed between two steps still runs the same code for
 * what its importers use from it: the question the validator asks of a test
 * support file (tests/support/app.ts, say) that a step grew, before it takes a
 * test's outcome from the previous step's run.
 *
 * Read with the TypeScript compiler, and conservative: a module runs the same when
 * every statement it runs on load (imports, variables, classes, calls, anything
 * but function and type declarations) is unchanged and in the same order, and
 * every function reachable from the names used and from those statements is
 * unchanged, token for token. Comments, formatting and type-only declarations
 * (interfaces, type aliases) never run, so they may differ. Whatever cannot be followed by name (a
 * namespace import, a dynamic import) counts as using everything.
 */
import ts from 'typescript'

/** The names importers use from a module: its exports by name, or all of it. */
export type UsedNames = Set<string> | 'all'

/**
 * A node's code as its tokens, read from the syntax tree: comments and spacing
 * left out, the quotes around a string too, and everything inside a template or a
 * regular expression kept as written.
 */
function printed(node: ts.Node, file: ts.SourceFile): string {
  const tokens: string[] = []
  const visit = (child: ts.Node): void => {
    if (ts.isJSDoc(child)) return
    if (ts.isStringLiteral(child) || ts.isNoSubstitutionTemplateLiteral(child)) {
      tokens.push(JSON.stringify(child.text))
      return
    }
    const children = child.getChildren(file)
    if (children.length === 0) tokens.push(child.getText(file))
    else children.forEach(visit)
  }
  visit(node)
  return tokens.join(' ')
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind)
}

/** Every identifier a node mentions: more than it uses (property names too), never less. */
function mentionedNames(node: ts.Node): Set<string> {
  const names = new Set<string>()
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child)) names.add(child.text)
    ts.forEachChild(child, visit)
  }
  visit(node)
  return names
}

interface ModuleShape {
  /** What the module runs on load, in order, printed without comments. */
  loadTime: string[]
  /** Names mentioned by what runs on load. */
  loadTimeNames: Set<string>
  /** Function declarations by name (overloads together), printed without comments. */
  functions: Map<string, { text: string; mentions: Set<string> }>
}

function shapeOf(text: string): ModuleShape {
  const file = ts.createSourceFile('module.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const shape: ModuleShape = { loadTime: [], loadTimeNames: new Set(), functions: new Map() }
  for (const statement of file.statements) {
    // Types and ambient declarations are erased before the code runs.
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue
    if (hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) continue
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue
      // The modules loaded, in order: which names are taken from them runs nothing.
      shape.loadTime.push(`import ${printed(statement.moduleSpecifier, file)}`)
      continue
    }
    if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      if (!statement.body) continue
      // A default export is imported as `default`, whatever the function's own name.
      const names = [statement.name.text, ...(hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? ['default'] : [])]
      for (const name of names) {
        const previous = shape.functions.get(name)
        shape.functions.set(name, {
          text: `${previous?.text ?? ''}${printed(statement, file)}`,
          mentions: new Set([...(previous?.mentions ?? []), ...mentionedNames(statement)]),
        })
      }
      continue
    }
    shape.loadTime.push(printed(statement, file))
    for (const name of mentionedNames(statement)) shape.loadTimeNames.add(name)
  }
  return shape
}

/**
 * True when `after` runs the same code as `before` for importers that use `used`
 * of it (export names, `default` for a default import).
 */
export function runsTheSame(before: string, after: string, used: UsedNames): boolean {
  if (before === after) return true
  const old = shapeOf(before)
  const now = shapeOf(after)
  if (old.loadTime.length !== now.loadTime.length || old.loadTime.some((text, i) => text !== now.loadTime[i])) {
    return false
  }
  const pending = used === 'all' ? [...old.functions.keys(), ...now.functions.keys()] : [...used]
  pending.push(...now.loadTimeNames)
  const seen = new Set<string>()
  while (pending.length > 0) {
    const name = pending.pop()!
    if (seen.has(name)) continue
    seen.add(name)
    const was = old.functions.get(name)
    const is = now.functions.get(name)
    if (!was && !is) continue
    if (!was || !is || was.text !== is.text) return false
    pending.push(...is.mentions)
  }
  return true
}

/**
 * What a module uses of each module it imports, by specifier: the imported names,
 * or 'all' for a namespace import or `export *`. A dynamic import uses all of its
 * module; one whose specifier is computed is listed under '<dynamic>'.
 */
export function namesUsedByModule(importer: ts.SourceFile): Map<string, UsedNames> {
  const uses = new Map<string, UsedNames>()
  const add = (specifier: string, names: UsedNames): void => {
    const known = uses.get(specifier)
    uses.set(specifier, known === 'all' || names === 'all' ? 'all' : new Set([...(known ?? []), ...names]))
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      if (clause?.isTypeOnly) return
      const specifier = node.moduleSpecifier.text
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) return add(specifier, 'all')
      const names = new Set<string>()
      if (clause?.name) names.add('default')
      for (const element of bindings && ts.isNamedImports(bindings) ? bindings.elements : []) {
        if (!element.isTypeOnly) names.add((element.propertyName ?? element.name).text)
      }
      return add(specifier, names)
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (node.isTypeOnly) return
      const clause = node.exportClause
      if (!clause || !ts.isNamedExports(clause)) return add(node.moduleSpecifier.text, 'all')
      const names = clause.elements.filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ?? element.name).text)
      return add(node.moduleSpecifier.text, new Set(names))
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const first = node.arguments[0]
      add(first && ts.isStringLiteralLike(first) ? first.text : '<dynamic>', 'all')
    }
    ts.forEachChild(node, visit)
  }
  visit(importer)
  return uses
}
