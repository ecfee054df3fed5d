/** Command line of the soak run. */

/** `--minutes N` (also `--minutes=N`), default 10; N may be fractional, must be positive. */
export function parseMinutes(argv: readonly string[]): number {
  let value = '10';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--minutes') value = argv[++i] ?? '';
    else if (arg.startsWith('--minutes=')) value = arg.slice('--minutes='.length);
    else throw new Error(`unknown argument ${arg} (usage: npm run soak -- [--minutes N])`);
  }
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`--minutes must be a positive number, got ${value}`);
  return minutes;
}
