/**
 * The layering rule of src/, checked: `src/dependency-rules.json` says which folder may import
 * which, and every import of every source file is held against it (npm test runs the check;
 * `node dist/tools/layering.js` prints what breaks it). The training engine, the workspace package
 * tfjs-wasm-training, is held to importing nothing of the tutorial.
 *
 * Imports are read with TypeScript's parser: `import`/`export … from`, `import()` and
 * `require()`; an import whose names are all marked `type` counts as type-only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { findProjectRoot } from '../src/util/paths';

/** The engine's package name, the one package a rule may list next to folders. */
export const ENGINE_PACKAGE = 'tfjs-wasm-training';
/** Marks a specifier that is an expression, not a string: followed by the expression's text. */
const COMPUTED = '(computed) ';

/** The tutorial's own package name, which src/ must not import (it would import itself). */
export const TUTORIAL_PACKAGE = 'mnist-latent-autoencoders';

const FolderRule = z.object({
  /** Folders (and the engine package) this folder may import. */
  imports: z.array(z.string()),
  /** Folders this folder may import types from, never values. */
  typeOnly: z.array(z.string()).optional(),
  /** Package name prefixes this folder must not import, e.g. `@tensorflow/`. */
  noPackages: z.array(z.string()).optional(),
}).strict();

const Rules = z.object({ $comment: z.string().optional(), folders: z.record(z.string(), FolderRule) }).strict();

/** The parsed rule file. */
export type DependencyRules = z.infer<typeof Rules>;

/** One import found in a source file. */
export interface FoundImport {
  /** 1-based line of the import. */
  line: number;
  /** The module specifier as written. */
  specifier: string;
  /** Whether it brings types only (erased from the compiled JavaScript). */
  typeOnly: boolean;
}

/** An import the rules forbid: where it is and why it is not allowed. */
export interface Violation {
  /** Path relative to the project root. */
  file: string;
  line: number;
  specifier: string;
  why: string;
}

/**
 * Reads and checks a rule file: every folder it lists as allowed is itself a ruled folder (or the
 * engine package).
 *
 * @throws Error naming the file for unreadable JSON, unknown keys or an unknown folder.
 */
export function readRules(file: string): DependencyRules {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const result = Rules.safeParse(parsed);
  if (!result.success) throw new Error(`${file}: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const known = new Set(Object.keys(result.data.folders));
  for (const [folder, rule] of Object.entries(result.data.folders)) {
    for (const target of [...rule.imports, ...(rule.typeOnly ?? [])]) {
      if (!known.has(target) && target !== ENGINE_PACKAGE) throw new Error(`${file}: folders.${folder} lists "${target}", which is neither a ruled folder nor ${ENGINE_PACKAGE}`);
    }
  }
  return result.data;
}

/** Every import of a TypeScript source (see the module comment for what counts). */
export function importsOf(fileName: string, text: string): FoundImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: FoundImport[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (specifier === undefined) return;
    // `require(require.resolve('pkg', …))` names its module too; any other computed specifier
    // cannot be checked: it is reported as one, and the rules refuse it.
    const resolved = ts.isCallExpression(specifier) && specifier.expression.getText(source) === 'require.resolve' ? specifier.arguments[0] : undefined;
    const text = ts.isStringLiteralLike(specifier)
      ? specifier.text
      : resolved !== undefined && ts.isStringLiteralLike(resolved) ? resolved.text : `${COMPUTED}${specifier.getText(source)}`;
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, specifier: text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const allNamesTyped = clause !== undefined && clause.name === undefined && named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly);
      add(node, node.moduleSpecifier, clause?.isTypeOnly === true || allNamesTyped);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause !== undefined && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, node.moduleSpecifier, node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal as ts.Expression, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if ((isImport && node.arguments.length >= 1) || (isRequire && node.arguments.length === 1)) add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The `.ts` files under `dir`, recursively, sorted, leaving out the folders in `skip` (full paths). */
function sourceFiles(dir: string, skip: readonly string[] = []): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.includes(full) ? [] : sourceFiles(full, skip);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  }).sort();
}

/** The ruled unit a file of `srcDir` belongs to: its top folder, or its own name for a file at the top. */
function unitOf(srcDir: string, file: string): string {
  return path.relative(srcDir, file).split(path.sep)[0]!;
}

/** The package an import names (`@scope/name` or `name`), or undefined for a relative import. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every import under `srcDir` that `rules` forbid, with the project root `root` for the file
 * names reported. A file in a folder no rule names is itself a violation (a new folder needs a rule).
 */
export function checkLayering(root: string, srcDir: string, rules: DependencyRules): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(srcDir)) {
    const unit = unitOf(srcDir, file);
    const relativeFile = path.relative(root, file);
    const rule = rules.folders[unit];
    if (rule === undefined) {
      violations.push({ file: relativeFile, line: 1, specifier: '', why: `src/${unit} has no rule in the rule file` });
      continue;
    }
    for (const found of importsOf(file, fs.readFileSync(file, 'utf8'))) {
      const report = (why: string) => violations.push({ file: relativeFile, line: found.line, specifier: found.specifier, why });
      if (found.specifier.startsWith(COMPUTED)) {
        report('an import whose module is computed cannot be checked: name the module');
        continue;
      }
      const packageName = packageOf(found.specifier);
      if (packageName !== undefined) {
        if (packageName === TUTORIAL_PACKAGE) report(`src/ must not import its own package ${TUTORIAL_PACKAGE}`);
        else if (packageName === ENGINE_PACKAGE && !rule.imports.includes(ENGINE_PACKAGE)) report(`${unit} may not import the engine (${ENGINE_PACKAGE})`);
        else if ((rule.noPackages ?? []).some((prefix) => found.specifier.startsWith(prefix))) report(`${unit} may not import ${found.specifier}`);
        continue;
      }
      const target = path.resolve(path.dirname(file), found.specifier);
      const inside = path.relative(srcDir, target);
      if (inside.startsWith('..') || path.isAbsolute(inside)) {
        report(`src/ may not import from outside src/ (${path.relative(root, target)})`);
        continue;
      }
      const targetUnit = inside.split(path.sep)[0]!;
      if (targetUnit === unit) continue;
      if (rule.imports.includes(targetUnit)) continue;
      if (found.typeOnly && (rule.typeOnly ?? []).includes(targetUnit)) continue;
      const typesToo = (rule.typeOnly ?? []).includes(targetUnit) ? ' (only types from it)' : '';
      report(`${unit} may not import ${targetUnit}${typesToo}`);
    }
  }
  return violations;
}

/** Every import of the engine package's sources that reaches outside the package (the engine holds no tutorial code). */
export function checkEngineIsolation(root: string, packageDir: string): Violation[] {
  const violations: Violation[] = [];
  // The engine's generated bindings import nothing; they are rewritten by every build.
  for (const file of sourceFiles(path.join(packageDir, 'src'), [path.join(packageDir, 'src', 'generated')])) {
    for (const found of importsOf(file, fs.readFileSync(file, 'utf8'))) {
      const report = (why: string) => violations.push({ file: path.relative(root, file), line: found.line, specifier: found.specifier, why });
      if (found.specifier.startsWith(COMPUTED)) report('an import whose module is computed cannot be checked: name the module');
      if (packageOf(found.specifier) === TUTORIAL_PACKAGE) report(`the engine may not import the tutorial (${TUTORIAL_PACKAGE})`);
      if (found.specifier.startsWith('.') && path.relative(packageDir, path.resolve(path.dirname(file), found.specifier)).startsWith('..')) {
        report('the engine may not import from outside its package');
      }
    }
  }
  return violations;
}

/** The rules as README shows them: one line per folder, `folder → what it may import`. */
export function renderRules(rules: DependencyRules): string {
  const width = Math.max(...Object.keys(rules.folders).map((folder) => folder.length));
  return Object.entries(rules.folders).map(([folder, rule]) => {
    const parts = [rule.imports.length === 0 ? 'nothing' : rule.imports.join(', ')];
    if (rule.typeOnly !== undefined && rule.typeOnly.length > 0) parts.push(`types of ${rule.typeOnly.join(', ')}`);
    if (rule.noPackages !== undefined && rule.noPackages.length > 0) parts.push(`never ${rule.noPackages.map((prefix) => `${prefix}*`).join(', ')}`);
    return `${folder.padEnd(width)}  → ${parts.join('; ')}`;
  }).join('\n');
}

/** A violation as one line: `file:line: 'specifier': why`. */
export function formatViolation(violation: Violation): string {
  return `${violation.file}:${violation.line}: ${violation.specifier === '' ? '' : `'${violation.specifier}': `}${violation.why}`;
}

/** Both checks over the project at `root`. */
export function checkProjectLayering(root: string = findProjectRoot()): Violation[] {
  const rules = readRules(path.join(root, 'src', 'dependency-rules.json'));
  return [...checkLayering(root, path.join(root, 'src'), rules), ...checkEngineIsolation(root, path.join(root, 'packages', ENGINE_PACKAGE))];
}

if (require.main === module) {
  const violations = checkProjectLayering();
  for (const violation of violations) console.error(formatViolation(violation));
  if (violations.length > 0) process.exit(1);
  console.log('layering: every import follows src/dependency-rules.json; the engine imports nothing of the tutorial');
}
