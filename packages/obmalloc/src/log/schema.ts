/**
 * The shape of an obmalloc record, checked where a record comes from outside the model: an
 * escaped record in a frame (a JSON Lines import, a crafted or damaged file). Every field
 * is an own property of the right type (no "__proto__", "toString" or other inherited
 * names as types), every number a non-negative safe integer, and nothing else is present;
 * whether the record agrees with the model is `pymm verify`'s question, not this one.
 */

type Field = 'int' | 'bool';
interface Spec { readonly required: Readonly<Record<string, Field>>; readonly optional?: Readonly<Record<string, Field>> }

const inputs = { arenaBase: 'int', rawAddress: 'int' } as const;
const COMMANDS: Readonly<Record<string, Spec>> = {
  Malloc: { required: { requestBytes: 'int' }, optional: inputs },
  Calloc: { required: { requestBytes: 'int' }, optional: inputs },
  Realloc: { required: { address: 'int', requestBytes: 'int' }, optional: inputs },
  Free: { required: { address: 'int' } },
};
const EVENTS: Readonly<Record<string, Spec>> = {
  ArenaAllocated: { required: { arenaIndex: 'int', baseAddress: 'int', totalPools: 'int' } },
  PoolInitialized: { required: { poolAddress: 'int', arenaIndex: 'int', sizeIndex: 'int', carved: 'bool' } },
  PoolReused: { required: { poolAddress: 'int', arenaIndex: 'int', sizeIndex: 'int' } },
  BlockAllocated: { required: { address: 'int', sizeIndex: 'int', requestBytes: 'int' } },
  PoolFull: { required: { poolAddress: 'int' } },
  BlockFreed: { required: { address: 'int' } },
  PoolFreed: { required: { poolAddress: 'int', arenaIndex: 'int' } },
  ArenaFreed: { required: { arenaIndex: 'int', baseAddress: 'int' } },
  BlockResized: { required: { address: 'int', requestBytes: 'int' } },
  RawAllocated: { required: { address: 'int', requestBytes: 'int' } },
  RawReallocated: { required: { oldAddress: 'int', address: 'int', requestBytes: 'int' } },
  RawFreed: { required: { address: 'int' } },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldProblem(name: string, v: unknown, f: Field): string | null {
  if (f === 'bool') return typeof v === 'boolean' ? null : `"${name}" must be true or false, not ${JSON.stringify(v)}`;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : `"${name}" must be a whole number from 0 to 2^53, not ${JSON.stringify(v)}`;
}

function bodyProblem(what: 'command' | 'event', body: unknown, specs: Readonly<Record<string, Spec>>): string | null {
  if (!isObject(body)) return `the ${what} must be an object`;
  const type = body.type;
  if (typeof type !== 'string' || !Object.hasOwn(specs, type)) {
    return `unknown ${what} type ${JSON.stringify(type)} (known: ${Object.keys(specs).join(', ')})`;
  }
  const spec = specs[type]!;
  for (const [name, f] of Object.entries(spec.required)) {
    if (!Object.hasOwn(body, name)) return `${type} has no "${name}"`;
    const p = fieldProblem(name, body[name], f);
    if (p !== null) return `${type}: ${p}`;
  }
  for (const name of Object.keys(body)) {
    if (name === 'type' || Object.hasOwn(spec.required, name)) continue;
    const f = spec.optional !== undefined && Object.hasOwn(spec.optional, name) ? spec.optional[name]! : null;
    if (f === null) return `${type} has no field "${name}"`;
    const p = fieldProblem(name, body[name], f);
    if (p !== null) return `${type}: ${p}`;
  }
  return null;
}

/** Why `record`, the record at `seq`, is not an obmalloc record; null when it is one. */
export function recordProblem(record: unknown, seq: number): string | null {
  if (!isObject(record)) return 'a record must be an object';
  if (record.kind === 'command') {
    for (const k of Object.keys(record)) if (k !== 'kind' && k !== 'command') return `a command record has no field "${k}"`;
    return bodyProblem('command', record.command, COMMANDS);
  }
  if (record.kind === 'event') {
    for (const k of Object.keys(record)) if (k !== 'kind' && k !== 'cause' && k !== 'event') return `an event record has no field "${k}"`;
    const cause = record.cause;
    if (typeof cause !== 'number' || !Number.isSafeInteger(cause) || cause < 0 || cause >= seq) {
      return `"cause" must be the seq of an earlier record (0 to ${seq - 1}), not ${JSON.stringify(cause)}`;
    }
    return bodyProblem('event', record.event, EVENTS);
  }
  return `"kind" must be "command" or "event", not ${JSON.stringify(record.kind)}`;
}
