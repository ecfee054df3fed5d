/** The page's static files: a fixed list, read from the public directory. */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/chart.js': { file: 'chart.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** Whether `pathname` is one of the page's files. */
export function isStaticPath(pathname: string): boolean {
  return Object.hasOwn(FILES, pathname);
}

/** Sends the static file of `pathname` (one of {@link isStaticPath}) from `publicDir`. */
export async function sendStatic(res: ServerResponse, publicDir: string, pathname: string): Promise<void> {
  const entry = FILES[pathname];
  if (entry === undefined) throw new Error(`not a static path: ${pathname}`);
  const body = await readFile(path.join(publicDir, entry.file));
  res.writeHead(200, {
    'content-type': entry.type,
    'content-length': body.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
