import fc from "fast-check";
import { orderPathPatterns, patternsOverlap } from "../../config/routing";

/** A path matches an ALB/CloudFront pattern: `*` any run, `?` one character. */
function matches(pattern: string, path: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(path);
}

describe("orderPathPatterns", () => {
  it("puts the most specific pattern first", () => {
    expect(orderPathPatterns(["/api/*", "/api/fraud/*", "/*", "/webhook/*"])).toEqual(["/api/fraud/*", "/webhook/*", "/api/*", "/*"]);
  });

  it("is stable and leaves its input alone", () => {
    const input = ["/b/*", "/a/*"];
    expect(orderPathPatterns(input)).toEqual(["/a/*", "/b/*"]);
    expect(input).toEqual(["/b/*", "/a/*"]);
  });
});

describe("patternsOverlap", () => {
  it.each([
    ["/api/*", "/api/fraud/*", true],
    ["/api/*", "/webhook/*", false],
    ["/*/webhook/stripe", "/api/*", true],
    ["/api/v?/*", "/api/v2/*", true],
    ["/api/v?/*", "/api/vv2", false],
    ["/health", "/health", true],
    ["/health", "/healthz", false],
    ["/reports/*", "/api/*", false],
  ])("%s and %s: %s", (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });

  it("agrees with matching: a path matching both means overlap", () => {
    const piece = fc.constantFrom("a", "b", "/", "*", "?");
    const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => `/${p.join("")}`);
    const path = fc.array(fc.constantFrom("a", "b", "/"), { maxLength: 8 }).map((p) => `/${p.join("")}`);
    fc.assert(
      fc.property(pattern, pattern, path, (a, b, p) => {
        if (matches(a, p) && matches(b, p)) expect(patternsOverlap(a, b)).toBe(true);
      }),
    );
  });

  it("finds no overlap where no short path matches both", () => {
    const literal = fc.array(fc.constantFrom("a", "b", "/"), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join("")}`);
    fc.assert(fc.property(literal, literal, (a, b) => expect(patternsOverlap(a, b)).toBe(a === b)));
  });
});
