import type { ServiceConfig } from "./types";

/**
 * Path-pattern precedence shared by the ALB listener rules and the CloudFront cache behaviors.
 * Both evaluate in order and stop at the first match, so a pattern must come before every
 * broader one that would also match it (`/api/fraud/*` before `/api/*`).
 */

/** Characters before the first wildcard: the part of a pattern that narrows what it matches. */
function literalPrefix(pattern: string): string {
  const wildcard = pattern.search(/[*?]/);
  return wildcard === -1 ? pattern : pattern.slice(0, wildcard);
}

const wildcards = (pattern: string): number => (pattern.match(/[*?]/g) ?? []).length;

/**
 * Sort comparator, most specific first: the longer literal prefix wins, then more literal
 * characters, then fewer wildcards; ties are broken alphabetically so the order (and with it the
 * synthesized priorities) never depends on the order of the config.
 */
export function comparePathSpecificity(a: string, b: string): number {
  return (
    literalPrefix(b).length - literalPrefix(a).length ||
    b.length - wildcards(b) - (a.length - wildcards(a)) ||
    wildcards(a) - wildcards(b) ||
    (a < b ? -1 : a > b ? 1 : 0)
  );
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
