/** Compares text as the master's database orders it (a locale collation, not code units). */
const collate = new Intl.Collator('en-US').compare;

/**
 * Sorts rows by a key as the master's `ORDER BY <column> <dir>, id <dir>` does: text by
 * collation (`_TestWS` before `Uncategorized`, `_TestPatched` before `_TestPRJ`), numbers
 * numerically, rows without a value last, ties by id in the same direction.
 */
export function dbOrder<T extends { id: number }>(
  rows: readonly T[],
  key: (row: T) => string | number | null | undefined,
  options: { desc: boolean },
): T[] {
  const sign = options.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const an = ka === null || ka === undefined;
    const bn = kb === null || kb === undefined;
    if (an || bn) return an === bn ? sign * (a.id - b.id) : an ? 1 : -1;
    const c =
      typeof ka === 'string' && typeof kb === 'string' ? collate(ka, kb) : ka < kb ? -1 : ka > kb ? 1 : 0;
    return sign * c || sign * (a.id - b.id);
  });
}
