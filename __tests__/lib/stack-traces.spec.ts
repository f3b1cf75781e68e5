import { Lazy } from "cdktf";

/** What __tests__/support/stack-traces.ts (a Jest setup file) changes, and what it leaves alone (errors, by `instanceof`). */
describe("stack traces under Jest", () => {
  it("formats a capture into a plain object by V8's rules: frames of the transpiled file, no source map", () => {
    const target: { stack?: string } = {};
    Error.captureStackTrace(target);
    const frames = target.stack!.split("\n");
    expect(frames[0]).toBe("Error");
    expect(frames[1]).toMatch(/^ {4}at .*stack-traces\.spec\.ts:\d+:\d+\)?$/);
  });

  it("gives cdktf's tokens their creation trace", () => {
    const token = Lazy.stringValue({ produce: () => "x" }) as unknown as string;
    expect(token).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    const trace = (Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack?: string[] }).creationStack;
    expect(trace?.some((frame) => frame.includes("stack-traces.spec.ts"))).toBe(true);
  });

  it("leaves a caller's own prepareStackTrace in charge (depd reads the call sites)", () => {
    const target: { stack?: unknown } = {};
    const errorConstructor = Error as unknown as { prepareStackTrace?: (e: unknown, frames: NodeJS.CallSite[]) => unknown };
    errorConstructor.prepareStackTrace = (_e, frames) => frames;
    try {
      Error.captureStackTrace(target);
      void target.stack;
    } finally {
      delete errorConstructor.prepareStackTrace;
    }
    expect(Array.isArray(target.stack)).toBe(true);
    expect((target.stack as NodeJS.CallSite[])[0].getFileName()).toContain("stack-traces.spec.ts");
  });
});
