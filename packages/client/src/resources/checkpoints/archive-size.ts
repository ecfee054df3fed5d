/**
 * What the master's tar archive of a checkpoint weighs, from the file sizes in its `resources`:
 * the master streams the archive without a `Content-Length`, so progress needs this figure.
 */

const TAR_BLOCK = 512;
const USTAR_NAME = 100;
const USTAR_PREFIX = 155;

/**
 * True when `name` fits a plain ustar header (ASCII, at most 100 bytes, or split at a `/` into a
 * prefix of at most 155 and a name of at most 100). Archivers write longer or non-ASCII names
 * with extra PAX or GNU blocks, whose size depends on the archiver.
 */
function fitsUstar(name: string): boolean {
  if (!/^[\x20-\x7e]*$/.test(name)) return false;
  if (name.length <= USTAR_NAME) return true;
  for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
    const rest = name.length - slash - 1;
    if (slash <= USTAR_PREFIX && rest > 0 && rest <= USTAR_NAME) return true;
  }
  return false;
}

/**
 * Size in bytes of a ustar archive of `resources` (relative path → size in bytes as a string;
 * directories end with `/`): a 512-byte header per entry, file data padded to 512 bytes, two zero
 * blocks at the end. `undefined` when it cannot be known from the listing: a size that is not a
 * whole number of bytes, or a name that needs extended headers.
 */
export function tarArchiveBytes(resources: Readonly<Record<string, string>>): number | undefined {
  let total = 2 * TAR_BLOCK;
  for (const [name, size] of Object.entries(resources)) {
    if (!fitsUstar(name) || !/^\d+$/.test(size)) return undefined;
    total += TAR_BLOCK;
    if (!name.endsWith('/')) total += Math.ceil(Number(size) / TAR_BLOCK) * TAR_BLOCK;
  }
  return total;
}
