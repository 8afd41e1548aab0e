import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layers of STYLE.md, read from src/'s own imports (imports point down only):
// start (src/index.ts, src/worker.ts, src/cli/) → compose (src/app.ts, src/runtime.ts …)
// → src/modules/<feature>/ → src/web/ → src/lib/, src/db/ (plumbing; db may use lib's helpers).

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(path.join(root, dir))) return [];
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** `./x.js` from src/a/b.ts → src/a/x.ts (or .tsx, or a folder's index.ts). */
function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '');
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
  return candidates.find((c) => fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile()) ?? base;
}

interface Edge {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at run time, still a dependency of the design. */
  typeOnly: boolean;
}

/** Every relative module specifier of a file: import and export declarations and dynamic import('…'). */
function importsOf(file: string): Edge[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) edges.push({ from: file, to: resolveRelative(file, spec.text), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const files = sourceFiles('src');
const edges = files.flatMap(importsOf).filter((e) => e.to.startsWith('src/'));
const show = (e: Edge) => `${e.from} → ${e.to}`;

const featureOf = (file: string): string | null => /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const inFolder = (file: string, folder: 'lib' | 'db' | 'web') => file.startsWith(`src/${folder}/`);
const isPlumbing = (file: string) => inFolder(file, 'lib') || inFolder(file, 'db') || inFolder(file, 'web');
// The parsed settings are typed once, in src/config.ts, and every layer may name that type.
// Everything else at the top of src/ composes or starts, the Hono env (app-env.ts) included: it
// names the features' types, so plumbing that named it would reach up through it. src/lib is
// generic over the env instead (src/lib/http-env.ts says the little it reads).
const SETTINGS = 'src/config.ts';
const isComposition = (file: string) => file.startsWith('src/cli/') || (/^src\/[^/]+\.tsx?$/.test(file) && file !== SETTINGS);

describe('layers: plumbing stays below the features', () => {
  it('finds the source files and their imports it checks', () => {
    expect(files).toContain('src/app.ts');
    expect(edges.some((e) => e.from === 'src/db/queue.ts' && e.to === 'src/db/jobs.ts')).toBe(true);
  });

  it('src/lib, src/db and src/web import no feature module and no composition or start-up file, not even for a type', () => {
    const upward = edges.filter((e) => isPlumbing(e.from) && (featureOf(e.to) !== null || isComposition(e.to)));
    expect(upward.map(show)).toEqual([]);
  });

  it('counts the Hono env, the app and the runtime as composition, so a type-only import of them is upward too', () => {
    for (const top of ['src/app-env.ts', 'src/app.ts', 'src/runtime.ts']) expect(isComposition(top)).toBe(true);
    const typeOnlyUp: Edge = { from: 'src/lib/openapi.ts', to: 'src/app-env.ts', typeOnly: true };
    expect(isPlumbing(typeOnlyUp.from) && isComposition(typeOnlyUp.to)).toBe(true);
  });

  it('src/lib, src/db and src/web name the settings only as a type', () => {
    const atRunTime = edges.filter((e) => isPlumbing(e.from) && e.to === SETTINGS && !e.typeOnly);
    expect(atRunTime.map(show)).toEqual([]);
  });

  it('src/lib imports neither src/db nor src/web, and src/db does not import src/web', () => {
    const sideways = edges.filter(
      (e) => (inFolder(e.from, 'lib') && (inFolder(e.to, 'db') || inFolder(e.to, 'web'))) || (inFolder(e.from, 'db') && inFolder(e.to, 'web')),
    );
    expect(sideways.map(show)).toEqual([]);
  });
});

describe('SQL lives only in repositories and src/db', () => {
  // The same patterns as the structure hook: Kysely's query builders and the sql`` tag.
  const SQL_CALL = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto)\(|\bsql`|\bsql<[^>]*>`/g;
  const mayHoldSql = (file: string) => file.endsWith('.repository.ts') || inFolder(file, 'db');

  it('finds query-builder calls where they belong, so the pattern still matches real code', () => {
    const withSql = files.filter((f) => (fs.readFileSync(path.join(root, f), 'utf8').match(SQL_CALL) ?? []).length > 0);
    expect(withSql.some((f) => f.endsWith('.repository.ts'))).toBe(true);
  });

  it('no file outside *.repository.ts and src/db calls selectFrom, insertInto, updateTable, deleteFrom, mergeInto or sql``', () => {
    const outside = files
      .filter((f) => !mayHoldSql(f))
      .map((f) => ({ f, calls: (fs.readFileSync(path.join(root, f), 'utf8').match(SQL_CALL) ?? []).length }))
      .filter(({ calls }) => calls > 0)
      .map(({ f, calls }) => `${f} (${calls})`);
    expect(outside).toEqual([]);
  });
});

/** Strongly connected components of a directed graph (Tarjan), only those with more than one node. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('features depend on each other through their index.ts, without cycles', () => {
  const between = edges.filter((e) => {
    const a = featureOf(e.from);
    const b = featureOf(e.to);
    return a !== null && b !== null && a !== b;
  });
  const graph = new Map<string, Set<string>>();
  for (const e of between) {
    const a = featureOf(e.from)!;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(featureOf(e.to)!);
  }
  const groupOf = new Map<string, number>();
  cycles(graph).forEach((group, i) => group.forEach((f) => groupOf.set(f, i)));
  const onCycle = (e: Edge) => groupOf.has(featureOf(e.from)!) && groupOf.get(featureOf(e.from)!) === groupOf.get(featureOf(e.to)!);
  const pastIndex = (e: Edge) => e.to !== `src/modules/${featureOf(e.to)}/index.ts`;
  const breaking = [...new Set(between.filter((e) => pastIndex(e) || onCycle(e)).map(show))].sort();

  it('finds the imports between features it checks', () => {
    expect(between.length).toBeGreaterThan(0);
  });

  it('no import between features goes past index.ts or closes a cycle', () => {
    expect(breaking).toEqual([]);
  });

  it('finds a cycle when one feature imports another that imports it back', () => {
    const sample = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(sample)).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).toEqual([]);
  });
});

describe('features answer with the named errors of their *.errors.ts', () => {
  const AD_HOC = /\bnew ApiError\(/;
  const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

  it('finds the catalogues it relies on', () => {
    expect(files.filter((f) => featureOf(f) !== null && f.endsWith('.errors.ts')).length).toBeGreaterThan(3);
  });

  it('no feature builds an ApiError from a bare code: it throws an entry of a catalogue (defineErrors), documented in OpenAPI', () => {
    const adHoc = files.filter((f) => featureOf(f) !== null && AD_HOC.test(read(f)));
    expect(adHoc).toEqual([]);
  });
});
