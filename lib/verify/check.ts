/** One line of `npm run verify`: what was checked and what was found. */
export interface CheckResult {
  readonly stack: string;
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Not run (--if-deployed and the stack has no outputs yet); not a failure. */
  readonly skipped?: boolean;
}

export function formatCheck(r: CheckResult): string {
  return `${r.skipped ? "skip" : r.ok ? "ok  " : "FAIL"} ${r.stack}: ${r.name}: ${r.detail}`;
}

/** Runs a check; an AWS or network error is that check's failure, not the end of the run. */
export async function check(stack: string, name: string, body: () => Promise<{ ok: boolean; detail: string }>): Promise<CheckResult> {
  try {
    return { stack, name, ...(await body()) };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { stack, name, ok: false, detail: `${e.name ?? "Error"}: ${e.message ?? String(error)}` };
  }
}

/** A stack's `terraform output -json`, as plain values. */
export type StackOutputs = Readonly<Record<string, unknown>>;

export function stringOutput(outputs: StackOutputs, name: string): string {
  const value = outputs[name];
  if (typeof value !== "string" || value === "") throw new Error(`output ${name} is missing; was the stack applied?`);
  return value;
}

export function listOutput(outputs: StackOutputs, name: string): string[] {
  const value = outputs[name];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`output ${name} is missing; was the stack applied?`);
  return value;
}
