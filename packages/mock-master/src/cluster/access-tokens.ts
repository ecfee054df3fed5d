import { GrpcCode, invalidArgument, MockHttpError } from '../errors';
import { parseGoDuration } from './cluster-message';
import type { Wire } from './types';

/** A long-lived access token (the secret is a session token of the user store). */
export interface AccessTokenRecord {
  id: number;
  userId: number;
  token: string;
  createdAtMs: number;
  expiryMs: number;
  description: string;
  revoked: boolean;
}

const DAY_MS = 86_400_000;
/** The master's default lifespan (30 days) and maximum (100 years). */
const DEFAULT_LIFESPAN_MS = 30 * DAY_MS;
const MAX_LIFESPAN_MS = 100 * 365 * DAY_MS;

/** Access tokens by id. */
export class AccessTokenStore {
  private readonly tokens = new Map<number, AccessTokenRecord>();
  private nextId = 1;

  /** Every token in id order. */
  list(): AccessTokenRecord[] {
    return [...this.tokens.values()].sort((a, b) => a.id - b.id);
  }

  /** The token, or NotFound with the master's message. */
  get(id: number): AccessTokenRecord {
    const token = this.tokens.get(id);
    if (!token) throw new MockHttpError(404, GrpcCode.NotFound, `Token with id: {${id}} not found`);
    return token;
  }

  /** Records a new token; `lifespan` is a Go duration such as `720h` (default 30 days). */
  create(input: {
    userId: number;
    token: string;
    nowMs: number;
    lifespan?: string | null;
    description?: string | null;
  }): AccessTokenRecord {
    let lifespan = DEFAULT_LIFESPAN_MS;
    if (input.lifespan) {
      const ms = parseGoDuration(input.lifespan);
      if (ms === null) throw invalidArgument(`failed to parse lifespan ${input.lifespan}`);
      if (ms > MAX_LIFESPAN_MS) throw invalidArgument('token Lifespan must be less than max token lifespan');
      if (ms <= 0)
        throw invalidArgument('token lifespan must be greater than 0 days, unless set to -1 for infinite');
      lifespan = ms;
    }
    const record: AccessTokenRecord = {
      id: this.nextId++,
      userId: input.userId,
      token: input.token,
      createdAtMs: input.nowMs,
      expiryMs: input.nowMs + lifespan,
      description: input.description ?? '',
      revoked: false,
    };
    this.tokens.set(record.id, record);
    return record;
  }
}

/** A token as `v1TokenInfo`. */
export function tokenInfo(t: AccessTokenRecord): Wire['v1TokenInfo'] {
  return {
    id: t.id,
    userId: t.userId,
    expiry: new Date(t.expiryMs).toISOString(),
    createdAt: new Date(t.createdAtMs).toISOString(),
    tokenType: 'TOKEN_TYPE_ACCESS_TOKEN',
    revoked: t.revoked,
    description: t.description,
  };
}
