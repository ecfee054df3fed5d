/**
 * Compiles a checkpoint file glob to a RegExp over POSIX relative paths: `**` matches any number
 * of path segments, `*` anything but `/`, `?` one character but `/`; a leading `/` is ignored.
 */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\/+/, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g.charAt(i);
    if (c === '*' && g.charAt(i + 1) === '*') {
      const slash = g.charAt(i + 2) === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}/?$`);
}

/** True when the relative path (directories with a trailing `/`) matches any glob. */
export function matchesAnyGlob(relPath: string, globs: readonly RegExp[]): boolean {
  const bare = relPath.endsWith('/') ? relPath.slice(0, -1) : relPath;
  return globs.some((g) => g.test(bare) || g.test(relPath));
}
