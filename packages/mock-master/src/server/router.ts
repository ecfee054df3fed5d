import type { OperationInfo } from './operation-types';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

interface CompiledRoute {
  op: OperationInfo;
  method: string;
  segments: readonly Segment[];
}

/** The outcome of routing one request. */
export type RouteResult =
  | { kind: 'match'; op: OperationInfo; rawPathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: readonly string[] }
  | { kind: 'not-found' };

const PARAM = /^\{([^{}]+)\}$/;

function compileTemplate(template: string): Segment[] {
  if (!template.startsWith('/')) throw new Error(`path template must start with "/": ${template}`);
  return template
    .slice(1)
    .split('/')
    .map((part) => {
      const param = PARAM.exec(part);
      if (param?.[1] !== undefined) return { kind: 'param', name: param[1] };
      if (part.includes('{') || part.includes('}')) {
        throw new Error(`unsupported path template segment "${part}" in ${template}`);
      }
      return { kind: 'literal', value: part };
    });
}

/** Orders routes so that, at the first segment where two differ, a literal beats a parameter. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const ka = a.segments[i]?.kind === 'literal' ? 0 : 1;
    const kb = b.segments[i]?.kind === 'literal' ? 0 : 1;
    if (ka !== kb) return ka - kb;
  }
  return 0;
}

function matchSegments(route: CompiledRoute, parts: readonly string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of route.segments.entries()) {
    const part = parts[i] ?? '';
    if (segment.kind === 'literal') {
      if (segment.value !== part) return null;
    } else {
      if (part === '') return null;
      params[segment.name] = part;
    }
  }
  return params;
}

/**
 * Routes decoded path segments to operations compiled from the spec's path templates. Literal
 * segments win over parameters (`/api/v1/users/setting` before `/api/v1/users/{userId}`); among
 * routes matching the path, the most specific one accepting the method wins.
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(operations: Iterable<OperationInfo>) {
    this.routes = [...operations]
      .map((op) => ({ op, method: op.method.toUpperCase(), segments: compileTemplate(op.path) }))
      .sort(bySpecificity);
  }

  /** Routes `method` on `parts` (the path split on `/` and percent-decoded, without the leading empty part). */
  match(method: string, parts: readonly string[]): RouteResult {
    const allow = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route, parts);
      if (params === null) continue;
      if (route.method === method.toUpperCase())
        return { kind: 'match', op: route.op, rawPathParams: params };
      allow.add(route.method);
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'not-found' };
  }
}

/** Splits a request target's path into percent-decoded segments; null when the encoding is invalid. */
export function splitPath(pathname: string): string[] | null {
  if (!pathname.startsWith('/')) return null;
  try {
    return pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
}
