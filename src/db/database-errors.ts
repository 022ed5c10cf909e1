// What a failed query means for the caller, on either engine: the database is out of reach (try
// again later), or it refused a value of the request (the caller's to fix). Anything else is ours.
// drizzle wraps the driver's error (SQLSTATE in `code`) as `cause`; node-postgres and Node's net
// errors nest too, so the whole cause chain is read.

export type DatabaseFailure =
  | {
      kind: 'unavailable';
      /** Out of reach (connection refused or lost, shutting down) or busy (a lost race; retry at once). */
      why: 'unreachable' | 'busy';
      reason: string;
    }
  | {
      kind: 'refused-value';
      status: 400 | 409 | 422;
      slug: string;
      detail: string;
      /** Request fields the database named (columns, as the API spells them), if any. */
      fields: string[];
    };

interface DriverError {
  code?: unknown;
  message?: unknown;
  column?: unknown;
  constraint?: unknown;
  detail?: unknown;
  cause?: unknown;
  errors?: unknown;
}

// Node's socket errors when the server is down, restarting, or the network is gone.
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

// Errors node-postgres, its pool and PGlite raise without a code when the connection is gone.
const LOST_CONNECTION = [
  /^Connection terminated/,
  /is not queryable$/,
  /^Cannot use a pool after calling end/,
  /^timeout exceeded when trying to connect/,
  /^PGlite is clos(ed|ing)$/,
];

/** The error and its causes (drizzle → driver → socket), outermost first. */
function chain(error: unknown): DriverError[] {
  const out: DriverError[] = [];
  let e: unknown = error;
  while (typeof e === 'object' && e !== null && out.length < 8) {
    const d = e as DriverError;
    out.push(d);
    // Node reports a refused connection to every address of a host as an AggregateError.
    if (Array.isArray(d.errors) && d.errors.length > 0) out.push(...(d.errors as DriverError[]).slice(0, 4));
    e = d.cause;
  }
  return out;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

// "Key (workspace_id, external_id)=(…) already exists." → ["externalId"]: the workspace is implied.
function keyColumns(detail: unknown): string[] {
  const match = typeof detail === 'string' ? detail.match(/^Key \(([^)]+)\)=/) : null;
  if (!match) return [];
  return match[1]!.split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter((c) => c !== 'workspace_id').map(camel);
}

// Data exceptions (class 22) the API can explain; the rest of the class gets a general sentence.
const DATA_EXCEPTIONS: Record<string, string> = {
  '22001': 'A value is longer than the database accepts',
  '22003': 'A number is out of the range the database accepts',
  '22007': 'A date or time is not in a form the database accepts',
  '22008': 'A date or time is out of the range the database accepts',
  '22021': 'A text value is not valid UTF-8',
  '22P02': 'A value is not in the form its type needs',
  '22P05': 'A text value holds a character the database cannot store (NUL or an unpaired surrogate)',
};

function classifySqlState(code: string, e: DriverError): DatabaseFailure | undefined {
  const columns = typeof e.column === 'string' ? [camel(e.column)] : [];
  const klass = code.slice(0, 2);
  if (klass === '08' || code === '57P01' || code === '57P02' || code === '57P03' || klass === '53') {
    return { kind: 'unavailable', why: 'unreachable', reason: `SQLSTATE ${code}` };
  }
  // A transaction lost a race (serialization failure, deadlock, lock wait): the same request may succeed now.
  if (code === '40001' || code === '40P01' || code === '55P03') return { kind: 'unavailable', why: 'busy', reason: `SQLSTATE ${code}` };
  if (klass === '22') {
    return { kind: 'refused-value', status: 400, slug: 'invalid-value', detail: DATA_EXCEPTIONS[code] ?? 'A value is not one the database accepts', fields: columns };
  }
  if (klass === '54') {
    return { kind: 'refused-value', status: 422, slug: 'too-large', detail: 'The request exceeds a limit of the database (a value too large to index, or too many of something)', fields: columns };
  }
  if (code === '23505') {
    const fields = keyColumns(e.detail);
    return { kind: 'refused-value', status: 409, slug: 'conflict', detail: fields.length > 0 ? `Another resource already has this ${fields.join(', ')}` : 'The request conflicts with an existing resource', fields };
  }
  if (code === '23503') {
    const stillUsed = typeof e.detail === 'string' && /still referenced/.test(e.detail);
    return stillUsed
      ? { kind: 'refused-value', status: 409, slug: 'still-referenced', detail: 'Other resources still refer to this one', fields: [] }
      : { kind: 'refused-value', status: 422, slug: 'unknown-reference', detail: 'The request refers to something that does not exist', fields: keyColumns(e.detail) };
  }
  if (code === '23502' || code === '23514') {
    return { kind: 'refused-value', status: 422, slug: 'invalid-value', detail: 'A value breaks a rule of the database', fields: columns };
  }
  return undefined;
}

/** Undefined for errors that are not the database's to explain (those stay 500s). */
export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  for (const e of chain(error)) {
    if (typeof e.code === 'string') {
      if (NETWORK_CODES.has(e.code)) return { kind: 'unavailable', why: 'unreachable', reason: e.code };
      if (/^[0-9A-Z]{5}$/.test(e.code)) {
        const failure = classifySqlState(e.code, e);
        if (failure) return failure;
      }
    }
    const message = typeof e.message === 'string' ? e.message : '';
    if (LOST_CONNECTION.some((re) => re.test(message))) return { kind: 'unavailable', why: 'unreachable', reason: message };
  }
  return undefined;
}

/** A short stable text for an error (its innermost message), e.g. to count repeats in the log. */
export function rootMessage(error: unknown): string {
  const links = chain(error);
  for (let i = links.length - 1; i >= 0; i--) {
    const m = links[i]!.message;
    if (typeof m === 'string' && m) return typeof links[i]!.code === 'string' ? `${links[i]!.code as string}: ${m}` : m;
  }
  return String(error);
}
