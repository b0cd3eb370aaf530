// Exports that no other file imports, found with the TypeScript compiler: every import, re-export,
// `import * as`, `import()` and `import('...')` type resolved to the declaration it names. A module
// imported whole (namespace, dynamic import, `export *`) counts as using all of its exports.
//   npx tsx scripts/unused-exports.ts          exports used nowhere, not even in their own file
//   npx tsx scripts/unused-exports.ts --all    also those used only inside their own file
// Not seen: lookups by name at run time (`--top` finds a design's Module classes, testbench files'
// exports are loaded by path), so a design's or fixture's class may be listed and still be needed.
import path from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const all = process.argv.includes('--all');
const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
if (!config) throw new Error('tsconfig.json: cannot read it');
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const ours = program
  .getSourceFiles()
  .filter((f) => f.fileName.startsWith(root) && !f.fileName.includes('node_modules'));

const usedSymbols = new Set<ts.Symbol>();
const wholeModules = new Set<string>();
const declared = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
const use = (name: ts.Node): void => {
  const s = checker.getSymbolAtLocation(name);
  if (s) usedSymbols.add(declared(s));
};

function useWhole(spec: ts.Node, from: ts.SourceFile): void {
  if (!ts.isStringLiteralLike(spec)) return;
  const r = ts.resolveModuleName(spec.text, from.fileName, config!.options, ts.sys).resolvedModule;
  if (r) wholeModules.add(r.resolvedFileName);
}

for (const f of ours) {
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      if (c?.name) use(c.name);
      const b = c?.namedBindings;
      if (b && ts.isNamespaceImport(b)) useWhole(n.moduleSpecifier, f);
      else if (b) for (const el of b.elements) use(el.name);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier) {
      if (!n.exportClause) useWhole(n.moduleSpecifier, f);
      else if (ts.isNamedExports(n.exportClause)) for (const el of n.exportClause.elements) use(el.name);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0]) {
      useWhole(n.arguments[0], f);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) {
      useWhole(n.argument.literal, f);
    }
    ts.forEachChild(n, visit);
  };
  visit(f);
}

const rows: string[] = [];
for (const f of ours) {
  const module = checker.getSymbolAtLocation(f);
  if (!module || wholeModules.has(f.fileName)) continue;
  for (const e of checker.getExportsOfModule(module)) {
    const d = declared(e);
    const decl = d.declarations?.[0];
    if (e.name === 'default' || usedSymbols.has(d) || !decl || decl.getSourceFile() !== f) continue;
    const mentions = f.text.match(new RegExp(`(?<![\\w$])${e.name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
    if (mentions > 1 && !all) continue;
    const line = f.getLineAndCharacterOfPosition(decl.getStart()).line + 1;
    rows.push(`${path.relative(root, f.fileName)}:${line} ${e.name}${mentions > 1 ? ' (used in its own file)' : ''}`);
  }
}
rows.sort();
process.stdout.write(rows.length ? `${rows.join('\n')}\n` : '');
process.stderr.write(`${rows.length} unused export(s)\n`);
