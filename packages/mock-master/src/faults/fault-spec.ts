import { z } from 'zod';
import { invalidArgument } from '../errors';
import type { FaultSpec } from './types';

const faultSpecSchema = z.strictObject({
  operationId: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  pathPattern: z.string().startsWith('/').optional(),
  times: z.number().int().positive().optional(),
  status: z
    .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
    .optional(),
  retryAfter: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative().max(600_000).optional(),
  reset: z.enum(['before-body', 'during-body']).optional(),
  truncate: z.strictObject({ afterBytes: z.number().int().nonnegative() }).optional(),
  slowBodyBytesPerSec: z.number().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
});

const EFFECTS = ['status', 'latencyMs', 'reset', 'truncate', 'slowBodyBytesPerSec'] as const;

/** Validates a fault spec (from code or from `POST /__mock/faults`); throws a 400 MockHttpError. */
export function parseFaultSpec(input: unknown): FaultSpec {
  const result = faultSpecSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw invalidArgument(`invalid fault${field ? ` field ${field}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  const spec = Object.fromEntries(
    Object.entries(result.data).filter(([, value]) => value !== undefined),
  ) as FaultSpec;
  if (!EFFECTS.some((effect) => spec[effect] !== undefined)) {
    throw invalidArgument(`invalid fault: needs at least one of ${EFFECTS.join(', ')}`);
  }
  if (spec.retryAfter !== undefined && spec.status === undefined) {
    throw invalidArgument('invalid fault: retryAfter needs a status');
  }
  if (spec.status !== undefined && (spec.reset !== undefined || spec.truncate !== undefined)) {
    throw invalidArgument('invalid fault: status cannot be combined with reset or truncate');
  }
  return spec;
}
