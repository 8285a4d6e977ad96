#!/usr/bin/env node
/**
 * Packs the `pymm` command as one self-contained tarball that installs without the
 * checkout and without a registry:
 *
 *   pnpm build && pnpm pack:cli            # -> out/pymm-cli-0.1.0.tgz (the path is printed)
 *   npm install -g ./out/pymm-cli-0.1.0.tgz  # `pymm` on PATH (./: a path, not a GitHub name)
 *
 *   node scripts/pack.mjs [--out DIR]
 *
 * The tarball holds @pymm/cli's compiled files, the built web debugger (`web/`, what
 * `pymm serve` serves), the trace recorder's sources (`cpython-trace/`, what `pymm trace`
 * builds on first use) and, as bundled dependencies, the libraries it runs on
 * (@pymm/eventlog, obmalloc, allocators, objects, gc, engine, pylite) and theirs (the Lezer Python
 * grammar), each as the workspace has them. Nothing is fetched at install time.
 * Exit status 2 when the packages are not built.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let outDir = join(root, 'out');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && i + 1 < args.length) outDir = resolve(args[++i]);
  else if (args[i] === '--help' || args[i] === '-h') { console.log('usage: node scripts/pack.mjs [--out DIR]   (after pnpm build)'); process.exit(0); }
  else { console.error(`pack: unknown argument ${args[i]}`); process.exit(2); }
}

const cliDir = join(root, 'apps/cli');
const webDist = join(root, 'apps/web/dist');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
for (const need of [join(cliDir, 'dist/main.js'), join(webDist, 'index.html')]) {
  if (!existsSync(need)) { console.error(`pack: ${need} is missing: run \`pnpm build\` first`); process.exit(2); }
}

/** The directory of package `name` as Node would find it from `fromDir` (node_modules, upwards). */
function findPackage(name, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) throw new Error(`cannot find ${name} from ${fromDir}`);
  }
}

// every package the CLI needs at run time, found as the workspace resolves them
const cli = readJson(join(cliDir, 'package.json'));
const bundled = new Map(); // name -> { dir, pkg }
const queue = Object.keys(cli.dependencies ?? {}).map((name) => [name, cliDir]);
while (queue.length > 0) {
  const [name, from] = queue.shift();
  const dir = findPackage(name, from);
  const pkg = readJson(join(dir, 'package.json'));
  const seen = bundled.get(name);
  if (seen !== undefined) {
    if (seen.pkg.version !== pkg.version) throw new Error(`two versions of ${name} (${seen.pkg.version}, ${pkg.version}): one tarball cannot hold both`);
    continue;
  }
  bundled.set(name, { dir, pkg });
  for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push([dep, dir]);
}

const stage = mkdtempSync(join(tmpdir(), 'pymm-pack-'));
try {
  const pkgDir = join(stage, 'package');
  mkdirSync(pkgDir);
  cpSync(join(cliDir, 'bin'), join(pkgDir, 'bin'), { recursive: true });
  cpSync(join(cliDir, 'dist'), join(pkgDir, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.tsbuildinfo') });
  cpSync(webDist, join(pkgDir, 'web'), { recursive: true });
  // what `pymm trace` builds its recorder from (built on first use, with the machine's python3)
  for (const f of ['trace-script.sh', 'build.sh', 'src/pymtrace.c', 'README.md']) cpSync(join(root, 'tools/cpython-trace', f), join(pkgDir, 'cpython-trace', f));
  if (existsSync(join(cliDir, 'README.md'))) cpSync(join(cliDir, 'README.md'), join(pkgDir, 'README.md'));
  for (const [name, { dir, pkg }] of bundled) {
    const to = join(pkgDir, 'node_modules', name);
    mkdirSync(to, { recursive: true });
    const workspace = name.startsWith('@pymm/');
    // a workspace library: what its `files` publish, with workspace:* turned into versions
    const entries = workspace ? (pkg.files ?? ['dist']).filter((f) => f !== 'src') : null;
    if (entries === null) cpSync(dir, to, { recursive: true, filter: (p) => !p.slice(dir.length).split('/').includes('node_modules') });
    else for (const f of [...entries, 'README.md']) if (existsSync(join(dir, f))) cpSync(join(dir, f), join(to, f), { recursive: true, filter: (p) => !p.endsWith('.tsbuildinfo') });
    if (workspace) {
      const deps = Object.fromEntries(Object.entries(pkg.dependencies ?? {}).map(([d, v]) => [d, v.startsWith('workspace:') ? bundled.get(d).pkg.version : v]));
      // the `source` export condition points at TypeScript the tarball does not carry
      const exportsOut = JSON.parse(JSON.stringify(pkg.exports ?? {}, (k, v) => (k === 'source' ? undefined : v)));
      const { devDependencies: _d, scripts: _s, ...rest } = pkg;
      writeFileSync(join(to, 'package.json'), `${JSON.stringify({ ...rest, dependencies: deps, exports: exportsOut }, null, 2)}\n`);
    }
  }
  // every package is bundled (listed as a dependency too, so npm installs it from the tarball)
  const names = [...bundled.keys()].sort();
  const manifest = {
    name: cli.name, version: cli.version, description: 'pymm: CPython 3.11 memory management simulated exactly: the `pymm` command',
    type: 'module', bin: cli.bin, engines: { node: '>=20.15' },
    dependencies: Object.fromEntries(names.map((n) => [n, bundled.get(n).pkg.version])),
    bundleDependencies: names,
    files: ['bin', 'dist', 'web', 'cpython-trace', 'README.md'],
  };
  writeFileSync(join(pkgDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', outDir, pkgDir], { encoding: 'utf8' });
  if (r.status !== 0) { process.stderr.write(r.stderr); console.error('pack: npm pack failed'); process.exit(1); }
  const file = r.stdout.trim().split('\n').pop();
  console.log(join(outDir, file));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
