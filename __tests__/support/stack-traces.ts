/**
 * cdktf records where every token was created: `Error.captureStackTrace` into a plain object
 * with no depth limit, read at once. Under Jest each of those frames goes through Jest's
 * source-map support (`prepareStackTrace` in the worker's realm), which cost a third of a
 * synthesizing test file's CPU time. Those traces only ever appear in cdktf's own error messages;
 * here they are formatted by V8's plain rules, as `npm run synth` formats them (source maps off,
 * lib/no-source-maps.ts). Errors keep Jest's source-mapped stacks.
 */
// V8 takes any function as the frame to hide.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Below = Function;
type Capture = (target: object, constructorOpt?: Below) => void;
type Prepare = (error: unknown, frames: NodeJS.CallSite[]) => unknown;

const capture: Capture = Error.captureStackTrace.bind(Error);
const plainFormat: Prepare = (_error, frames) => `Error${frames.map((frame) => `\n    at ${String(frame)}`).join("")}`;

Error.captureStackTrace = function captureStackTrace(target: object, constructorOpt?: Below): void {
  const errorConstructor = Error as unknown as { prepareStackTrace?: Prepare };
  // Errors, and callers that format frames themselves (depd), are left alone.
  if (target instanceof Error || errorConstructor.prepareStackTrace) return capture(target, constructorOpt ?? captureStackTrace);
  errorConstructor.prepareStackTrace = plainFormat;
  try {
    capture(target, constructorOpt ?? captureStackTrace);
    void (target as { stack?: unknown }).stack;
  } finally {
    delete errorConstructor.prepareStackTrace;
  }
};
