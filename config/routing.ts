/**
 * Path-pattern routing shared by the ALB listener rules and the CloudFront behaviors. Both
 * match `*` (any run of characters) and `?` (one character); both evaluate in order, first
 * match wins, so patterns go most specific first.
 */

/** Longest path pattern an ALB condition value (and so a service's route) may be. */
export const MAX_PATH_PATTERN_LENGTH = 128;

/** Most ALB-routed services one ALB takes (its default quota is 100 rules, /health included). */
export const MAX_ROUTED_SERVICES = 99;

/** Literal (non-wildcard) characters: the more a pattern has, the fewer paths it matches. */
export function patternSpecificity(pattern: string): number {
  return pattern.replace(/[*?]/g, "").length;
}

/** Most specific first: more literal characters, then longer, then alphabetical (a stable order). */
export function orderPathPatterns(patterns: readonly string[]): string[] {
  return [...patterns].sort((a, b) => patternSpecificity(b) - patternSpecificity(a) || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
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
