import fc from "fast-check";
import { albRoutes, comparePathSpecificity, orderPathPatterns, patternsOverlap } from "../../config/routing";
import { PLATFORM_SERVICES } from "../../config/profiles/services";
import type { ServiceConfig } from "../../config/types";

describe("orderPathPatterns", () => {
  it("puts a narrower pattern before the broader one that also matches its paths", () => {
    expect(orderPathPatterns(["/api/*", "/webhook/*", "/api/fraud/*"])).toEqual(["/api/fraud/*", "/webhook/*", "/api/*"]);
  });

  it("prefers more literal characters, then longer patterns, then the alphabet", () => {
    expect(orderPathPatterns(["/a*", "/a*/b", "/a?c", "/ab"])).toEqual(["/a*/b", "/a?c", "/ab", "/a*"]);
    expect(orderPathPatterns(["/b/*", "/a/*"])).toEqual(["/a/*", "/b/*"]);
  });

  it("returns a new array and leaves the input alone", () => {
    const input = ["/api/*", "/api/fraud/*"];
    expect(orderPathPatterns(input)).not.toBe(input);
    expect(input).toEqual(["/api/*", "/api/fraud/*"]);
  });

  const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
  const pattern = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join("/")}/*`);

  it("never orders a pattern after a broader prefix of it, whatever the input order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(pattern, { minLength: 1, maxLength: 8 }), segment, (patterns, extra) => {
        const broad = patterns[0];
        const narrow = `${broad.slice(0, -1)}${extra}/*`;
        const all = [...new Set([narrow, ...patterns])];
        for (const input of [all, [...all].reverse()]) {
          const ordered = orderPathPatterns(input);
          expect(ordered.indexOf(narrow)).toBeLessThan(ordered.indexOf(broad));
        }
      }),
    );
  });

  it("is a total order: the result does not depend on the input order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(pattern, { minLength: 2, maxLength: 8 }), (patterns) => {
        expect(orderPathPatterns([...patterns].reverse())).toEqual(orderPathPatterns(patterns));
        expect(comparePathSpecificity(patterns[0], patterns[0])).toBe(0);
      }),
    );
  });
});

describe("albRoutes", () => {
  it("lists every ALB pattern of every service with its service, most specific first", () => {
    const fraud: ServiceConfig = { ...PLATFORM_SERVICES[2], albPathPatterns: ["/api/fraud/*"] };
    const services = [...PLATFORM_SERVICES.slice(0, 2), fraud];
    const routes = albRoutes(services);
    expect(routes).toEqual([
      { pattern: "/api/fraud/*", service: fraud.name },
      ...orderPathPatterns(PLATFORM_SERVICES[0].albPathPatterns!).map((p) => ({ pattern: p, service: PLATFORM_SERVICES[0].name })),
    ]);
    expect(routes).toHaveLength(services.flatMap((s) => s.albPathPatterns ?? []).length);
  });
});


/** A path matches an ALB/CloudFront pattern: `*` any run, `?` one character. */
function matches(pattern: string, path: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(path);
}

describe("orderPathPatterns, examples", () => {
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
