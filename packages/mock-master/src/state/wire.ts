import type { components } from '@determined-ts/bindings';

/**
 * The master's wire objects as generated from its spec. Everything the mock renders onto the wire
 * is typed by these, so a field renamed or retyped in a new spec breaks the mock's type check.
 */
export type Wire = components['schemas'];

/** The fields `K` of a wire object as stored: always present and never null. */
export type Present<T, K extends keyof T> = { [P in K]-?: NonNullable<T[P]> };

/** The fields `K` of a wire object as stored: always present, null when unset. */
export type Nullable<T, K extends keyof T> = { [P in K]-?: NonNullable<T[P]> | null };

/**
 * A rendered wire object with the unknown fields a seeded body carried (`extra`) kept under it: a
 * deep copy, so callers cannot mutate the state through it.
 */
export function withExtra<T extends object>(extra: Readonly<Record<string, unknown>>, wire: T): T {
  return structuredClone({ ...extra, ...wire });
}
