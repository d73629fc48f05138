/**
 * Finds the route-table row for a request: routes are grouped by method and segment count,
 * then compared segment by segment (static segments exactly, `:name` segments capture).
 * Cheaper than walking an Express router of ~50 layers on every request (the hot path).
 */
import type { RouteSpec } from './route.table';

interface Compiled<T> {
  route: RouteSpec;
  payload: T;
  /** Per segment: the literal to compare (lower case), or null for a parameter. */
  literals: Array<string | null>;
  names: Array<string | null>;
}

export interface RouteMatch<T> {
  route: RouteSpec;
  payload: T;
  params: Record<string, string>;
}

/** Segments of a path without empty ends: "/v1/contracts/" → ["v1", "contracts"] (Express is non-strict too). */
function segmentsOf(path: string): string[] {
  const parts = path.split('/');
  let start = 0;
  let end = parts.length;
  while (start < end && parts[start] === '') start++;
  while (end > start && parts[end - 1] === '') end--;
  return parts.slice(start, end);
}

export class RouteMatcher<T> {
  private readonly groups = new Map<string, Array<Compiled<T>>>();

  add(route: RouteSpec, payload: T): void {
    const segments = segmentsOf(route.path);
    const compiled: Compiled<T> = {
      route,
      payload,
      literals: segments.map((s) => (s.startsWith(':') ? null : s.toLowerCase())),
      names: segments.map((s) => (s.startsWith(':') ? s.slice(1) : null)),
    };
    const key = `${route.method} ${segments.length}`;
    const group = this.groups.get(key) ?? [];
    // Literal segments win over parameters at the same position (/v1/payments/stripe-intents vs /v1/payments/:id).
    group.push(compiled);
    group.sort((a, b) => a.literals.filter((l) => l === null).length - b.literals.filter((l) => l === null).length);
    this.groups.set(key, group);
  }

  /** HEAD is answered by the GET route. */
  match(method: string, path: string): RouteMatch<T> | null {
    const segments = segmentsOf(path);
    const group = this.groups.get(`${method === 'HEAD' ? 'GET' : method} ${segments.length}`);
    if (!group) return null;
    outer: for (const candidate of group) {
      for (let i = 0; i < segments.length; i++) {
        const literal = candidate.literals[i];
        if (literal !== null && literal !== segments[i]!.toLowerCase()) continue outer;
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const name = candidate.names[i];
        if (name) params[name] = safeDecode(segments[i]!);
      }
      return { route: candidate.route, payload: candidate.payload, params };
    }
    return null;
  }

  /** Methods some route answers for this path (for a helpful 404). */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) if (this.match(m, path)) methods.add(m);
    return [...methods];
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
