/** A master version's numeric core; pre-release and build suffixes (`-dev0`, `+abc`) are dropped. */
export type VersionCore = readonly [major: number, minor: number, patch: number];

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+.][0-9A-Za-z.+-]*)?$/;

/** Parse `0.38.1`, `v0.38.1`, `0.38.2-dev0` or `0.38` into its numeric core; undefined if not a version. */
export function parseVersionCore(version: string): VersionCore | undefined {
  const match = VERSION.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Order two versions by their numeric cores (negative, zero or positive); throws on a non-version. */
export function compareVersions(a: string, b: string): number {
  const left = parseVersionCore(a);
  const right = parseVersionCore(b);
  if (!left || !right) throw new Error(`not a master version: ${left ? b : a}`);
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] as number) - (right[i] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}

const VENDORED_FILE = /^determined-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\.swagger\.json$/;

/** The master version in a vendored spec's file name (`determined-0.38.1.swagger.json`), if any. */
export function versionFromFileName(fileName: string): string | undefined {
  return VENDORED_FILE.exec(fileName)?.[1];
}
