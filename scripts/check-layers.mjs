#!/usr/bin/env node
// Fails on imports against the layer order (docs/adr/0001-monorepo-and-toolchain.md):
//   eventlog <- obmalloc <- allocators <- objects <- gc <- engine <- pylite <- apps
// testkit may use everything below engine; tests (and the fixtures only tests load,
// `*.fixture.ts`, which no build includes) may use testkit and test tools. A package imports
// another only through an entry listed in that package's `exports`, never by a
// relative path into it; and no package imports anything outside the standard library
// at run time except what its package.json declares.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { builtinModules } from 'node:module';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const ORDER = ['eventlog', 'obmalloc', 'allocators', 'objects', 'gc', 'engine', 'pylite'];
const rank = (pkg) => {
  const name = pkg.replace('@pymm/', '');
  if (ORDER.includes(name)) return ORDER.indexOf(name);
  if (name === 'testkit') return ORDER.indexOf('engine') - 0.5;
  return ORDER.length; // apps and tools sit on top
};

function* files(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (f === 'node_modules' || f === 'dist' || f === 'build') continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts|mjs)$/.test(f)) yield p;
  }
}

export function checkLayers() {
  const problems = [];
  const units = [];
  for (const group of ['packages', 'apps', 'tools']) {
    const g = join(root, group);
    if (!existsSync(g)) continue;
    for (const d of readdirSync(g)) {
      const dir = join(g, d);
      if (!statSync(dir).isDirectory()) continue;
      const pj = join(dir, 'package.json');
      const manifest = existsSync(pj) ? JSON.parse(readFileSync(pj, 'utf8')) : { name: `${group}/${d}` };
      units.push({ dir, manifest });
    }
  }
  const byName = new Map(units.map((u) => [u.manifest.name, u]));
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const { dir, manifest } of units) {
    const name = manifest.name;
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies };
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8');
      const isTest = /\.(test|fixture)\.ts$/.test(file);
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        const where = relative(root, file);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(dir + '/')) problems.push(`${where}: relative import '${spec}' leaves its package`);
          continue;
        }
        if (builtins.has(spec)) continue;
        if (spec.startsWith('@pymm/')) {
          const [scope, pkg, ...sub] = spec.split('/');
          const target = `${scope}/${pkg}`;
          const t = byName.get(target);
          if (!t) { problems.push(`${where}: imports unknown package ${target}`); continue; }
          const entry = sub.length ? `./${sub.join('/')}` : '.';
          if (!t.manifest.exports || !(entry in t.manifest.exports)) problems.push(`${where}: '${spec}' is not a public entry of ${target}`);
          const okTestkit = isTest && target === '@pymm/testkit';
          if (target !== name && !okTestkit && rank(target) >= rank(name) && name.startsWith('@pymm/') && !name.startsWith('@pymm/cli') && !name.startsWith('@pymm/web')) {
            problems.push(`${where}: ${name} may not import ${target} (layer order ${ORDER.join(' <- ')})`);
          }
          continue;
        }
        const bare = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!isTest && !deps[bare] && manifest.name?.startsWith('@pymm/')) problems.push(`${where}: imports '${bare}', which ${name} does not declare`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkLayers();
  for (const p of problems) console.error(p);
  console.log(problems.length ? `check-layers: ${problems.length} problem(s)` : 'check-layers: ok');
  process.exit(problems.length ? 1 : 0);
}
