import type { ServiceConfig } from "./types";

/**
 * Path-pattern routing shared by the ALB listener rules and the CloudFront cache behaviors.
 * Both match `*` (any run of characters) and `?` (one character); both evaluate in order, first
 * match wins, so patterns go most specific first. Validation refuses patterns of two services
 * that overlap, so the order only ever decides between patterns of one service.
 */

/** Longest path pattern an ALB condition value (and so a service's route) may be. */
export const MAX_PATH_PATTERN_LENGTH = 128;

/** Most ALB-routed services one ALB takes (its default quota is 100 rules, /health included). */
export const MAX_ROUTED_SERVICES = 99;

/** Literal (non-wildcard) characters: the more a pattern has, the fewer paths it matches. */
export function patternSpecificity(pattern: string): number {
  return pattern.replace(/[*?]/g, "").length;
}

/**
 * Sort comparator, most specific first: more literal characters, then longer, then
 * alphabetical, so the order (and the priorities derived from it) never depends on the order
 * of the config.
 */
export function comparePathSpecificity(a: string, b: string): number {
  return patternSpecificity(b) - patternSpecificity(a) || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The patterns, most specific first (a new array; the input is not changed). */
export function orderPathPatterns(patterns: readonly string[]): string[] {
  return [...patterns].sort(comparePathSpecificity);
}

/** One path pattern the ALB serves and the service behind it. */
export interface AlbRoute {
  readonly pattern: string;
  readonly service: string;
}

/** Every ALB path pattern of every service, most specific first. */
export function albRoutes(services: readonly ServiceConfig[]): AlbRoute[] {
  const routes = services.flatMap((service) => (service.albPathPatterns ?? []).map((pattern) => ({ pattern, service: service.name })));
  return routes.sort((a, b) => comparePathSpecificity(a.pattern, b.pattern));
}

/** Whether some path matches both patterns (`*` any run, `?` one character). */
export function patternsOverlap(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (i < a.length && a[i] === "*") result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === "*") result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (i === a.length || j === b.length) result = false;
    else result = (a[i] === b[j] || a[i] === "?" || b[j] === "?") && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
