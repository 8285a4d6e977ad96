/**
 * The HTTP side of `pymm serve`: the built web app (apps/web/dist) as static files, and
 * the JSON API (apps/web/README.md lists it) answered by sessions. Localhost only by
 * default; every answer is computed synchronously, so a request the page has already
 * abandoned (its socket closed while it waited) is skipped rather than computed.
 * Programs run in worker threads (programs.ts): the server answers while one runs.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Programs } from './programs.js';
import { openLog, runProgram, ServeError, type Opened, type RunInfo, type Session } from './session.js';

/**
 * The built web app: inside an installed `pymm` package, `web/` beside `dist/` (the pack
 * script puts it there); in the checkout, apps/web/dist.
 */
export const DEFAULT_WEB_ROOT = ((): string => {
  const packed = fileURLToPath(new URL('../../web/', import.meta.url));
  return existsSync(join(packed, 'index.html')) ? packed : fileURLToPath(new URL('../../../web/dist/', import.meta.url));
})();

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.py': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};
/** A second line of defence behind the page's text-only rendering: no inline or foreign script can run. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
/** A dropped log up to 2 GiB (not `2 << 30`: JavaScript's shifts are 32-bit, that is -2147483648). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** Programs running at once (each a worker thread); more are refused until one ends. */
const MAX_RUNNING = 2;

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  readonly tmpDir: string;
  readonly webRoot?: string;
  /** The file on the command line: its session ('main'), or a program that made no log (shown in the page's editor with its error). */
  readonly initial?: Opened | null;
  /** Where programs run (worker threads, with the run limits); the server ends them when it closes. */
  readonly programs?: Programs;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Ends the programs still running and closes every connection. */
  close(): Promise<void>;
}

type Handler = (s: Session, q: URLSearchParams) => unknown;
const GET: Record<string, Handler> = {
  info: (s) => s.info(), markers: (s) => ({ markers: s.markers() }), lines: (s) => s.lines(),
  position: (s, q) => s.position(q),
  // what the page needs first at a new position, in one answer: where it is, and the arena map
  frame: (s, q) => ({ position: s.position(q), arenas: s.arenas(q) }),
  graph: (s, q) => s.graph(q), arenas: (s, q) => s.arenas(q), pool: (s, q) => s.pool(q),
  object: (s, q) => s.object(q), history: (s, q) => s.history(q), why: (s, q) => s.why(q), pins: (s, q) => s.pins(q),
  diff: (s, q) => s.diff(q), stats: (s, q) => s.stats(q), series: (s) => s.series(), collection: (s, q) => s.collection(q), find: (s, q) => s.find(q),
};

export function startServer(o: ServerOptions): Promise<RunningServer> {
  const sessions = new Map<string, Session>();
  if (o.initial?.session) sessions.set(o.initial.session.id, o.initial.session);
  // the command line's program when it made no log: the page opens it in its editor
  const program = o.initial && !o.initial.session && o.initial.program ? { ...o.initial.program, run: o.initial.run } : null;
  const programs = o.programs ?? new Programs();
  /** Runs in progress by id: the same source posted again waits for the same run. */
  const running = new Map<string, Promise<{ session: Session | null; run: RunInfo }>>();
  let uploads = 0;
  const webRoot = resolve(o.webRoot ?? DEFAULT_WEB_ROOT);
  const log = o.log ?? (() => {});

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(text);
  };
  const fail = (res: ServerResponse, e: unknown): void => {
    const status = e instanceof ServeError ? e.status : typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : 500;
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    if (status === 500) log(`pymm serve: internal error: ${message}`);
    // a request refused for its size: the rest of it is not read, the connection closes after the reply
    if (status === 413 && !res.headersSent) res.setHeader('connection', 'close');
    send(res, status, { error: message });
  };
  const sessionFor = (q: URLSearchParams): Session => {
    const id = q.get('log') ?? 'main';
    const s = sessions.get(id);
    if (!s) throw new ServeError(`no log '${id}' is open here (it may have been opened by an earlier server: run or drop it again)`, 404);
    return s;
  };
  /** Too large by its Content-Length, before reading it: 413 (the reply is sent, then the connection closed). */
  const tooLarge = (req: IncomingMessage, max: number, what: string): ServeError | null => {
    const n = Number(req.headers['content-length'] ?? NaN);
    return Number.isFinite(n) && n > max ? new ServeError(`${what} is ${n} bytes, more than the ${max} bytes accepted here`, 413) : null;
  };
  const body = (req: IncomingMessage, max: number): Promise<Buffer> => new Promise((ok, bad) => {
    const big = tooLarge(req, max, 'the request');
    if (big) { bad(big); return; }
    const parts: Buffer[] = [];
    let n = 0;
    let over = false;
    // past the limit the rest is read and dropped, so that the 413 reaches the page
    req.on('data', (c: Buffer) => { n += c.length; if (n > max) over = true; else parts.push(c); });
    req.on('end', () => (over ? bad(new ServeError(`the request is larger than ${max} bytes`, 413)) : ok(Buffer.concat(parts))));
    req.on('error', bad);
  });

  const runSource = (source: string): Promise<{ id: string | null; run: RunInfo; info: object | null }> => {
    const id = 'r' + createHash('sha256').update(source).digest('hex').slice(0, 12);
    const known = sessions.get(id);
    if (known) return Promise.resolve({ id, run: (known.info() as { run: RunInfo }).run, info: known.info() });
    let p = running.get(id);
    if (!p) {
      if (running.size >= MAX_RUNNING) throw new ServeError(`${running.size} programs are running already: stop them (Stop) or wait for them to end`, 429);
      p = runProgram(source, 'main.py', id, o.tmpDir, programs).finally(() => running.delete(id));
      running.set(id, p);
    }
    return p.then((r) => {
      if (r.session) sessions.set(id, r.session);
      return { id: r.session ? id : null, run: r.run, info: r.session?.info() ?? null };
    });
  };

  const api = async (req: IncomingMessage, res: ServerResponse, name: string, q: URLSearchParams): Promise<void> => {
    if (req.method === 'POST' && name === 'run') {
      const j = JSON.parse((await body(req, MAX_SOURCE_BYTES)).toString('utf8')) as { source?: unknown };
      if (typeof j.source !== 'string') throw new ServeError('POST /api/run takes {"source": "..."}');
      return send(res, 200, await runSource(j.source));
    }
    if (req.method === 'POST' && name === 'stop') {
      // the page's Stop: the programs running raise KeyboardInterrupt at their next statement
      req.resume();
      return send(res, 200, { stopped: programs.interruptAll() });
    }
    if (req.method === 'POST' && name === 'open') {
      // a log dropped onto the page: stored in the temp directory, opened like the command line's
      const big = tooLarge(req, MAX_UPLOAD_BYTES, 'the log');
      if (big) throw big;
      const tmp = join(o.tmpDir, `upload-${++uploads}.pymmlog`);
      const hash = createHash('sha256');
      await new Promise<void>((ok, bad) => {
        const out = createWriteStream(tmp);
        let n = 0;
        req.on('data', (c: Buffer) => {
          n += c.length;
          hash.update(c);
          if (n > MAX_UPLOAD_BYTES) { req.unpipe(out); out.destroy(); rmSync(tmp, { force: true }); bad(new ServeError(`the log is larger than ${MAX_UPLOAD_BYTES} bytes`, 413)); }
        });
        req.pipe(out);
        out.on('finish', ok);
        out.on('error', bad);
        req.on('error', bad);
      });
      const id = 'u' + hash.digest('hex').slice(0, 12);
      if (!sessions.has(id)) sessions.set(id, await openLog(tmp, id, { programs, tmpDir: o.tmpDir }));
      return send(res, 200, { id, info: sessions.get(id)!.info() });
    }
    if (req.method !== 'GET') throw new ServeError(`${req.method} is not served here`, 405);
    if (name === 'sessions') return send(res, 200, { sessions: [...sessions.values()].map((s) => s.info()), program, running: programs.running, runs: programs.status() });
    const h = GET[name];
    if (!h) throw new ServeError(`no endpoint /api/${name}`, 404);
    // the page gave up on this request while it queued: do not compute it
    if (req.socket.destroyed) return;
    send(res, 200, await h(sessionFor(q), q));
  };

  const files = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
    let file = join(webRoot, rel);
    if (!file.startsWith(webRoot + sep) && file !== webRoot) { res.writeHead(403).end(); return; }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(webRoot, 'index.html'); // the page routes itself
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('pymm serve: the web app is not built (run `pnpm build` in the checkout); the JSON API at /api/ works\n');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': file.includes(`${sep}assets${sep}`) ? 'max-age=31536000, immutable' : 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      api(req, res, url.pathname.slice(5), url.searchParams).catch((e) => fail(res, e instanceof SyntaxError ? new ServeError(`bad JSON: ${e.message}`) : e));
    } else files(req, res, url.pathname);
  });
  return new Promise((ok, bad) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') bad(new ServeError(`port ${o.port} on ${o.host} is in use (leave --port out for a free one)`));
      else if (e.code === 'EACCES') bad(new ServeError(`port ${o.port} on ${o.host} needs privileges (use a port above 1023)`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') bad(new ServeError(`cannot listen on host '${o.host}'`));
      else bad(e);
    });
    server.listen(o.port, o.host, () => {
      const port = (server.address() as AddressInfo).port;
      const host = o.host.includes(':') ? `[${o.host}]` : o.host;
      const close = async (): Promise<void> => {
        await programs.terminateAll();
        await new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); });
      };
      ok({ url: `http://${host}:${port}/`, port, server, close });
    });
  });
}
