import * as fs from "node:fs";
import { describe, guard, parseGuardArgs, parsePlan, PlanGuardError } from "../lib/plan-guard";

/**
 * npm run plan-guard -- <plan.json> [--allow <address>]...
 *
 * Reads `terraform show -json <planfile>` and exits 1 when the plan deletes or replaces a
 * stateful resource (lib/stateful-resources.ts) whose address is not named with --allow.
 * One line per blocked change on stderr. A plan it cannot read is an error, never a pass.
 */
export function main(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  try {
    const args = parseGuardArgs(argv);
    let text: string;
    try {
      text = fs.readFileSync(args.planFile, "utf8");
    } catch (error) {
      throw new PlanGuardError(`cannot read ${args.planFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const result = guard(parsePlan(text, args.planFile), args.allow);
    for (const change of result.allowed) out(`allowed ${describe(change)}`);
    for (const address of result.unusedAllows) err(`plan-guard: --allow ${address} matches no delete or replace of a stateful resource in this plan`);
    for (const change of result.blocked) err(`blocked ${describe(change)}`);
    if (result.blocked.length > 0) {
      err(`plan-guard: ${result.blocked.length} blocked change(s) in ${args.planFile}; pass --allow <address> for each one you mean`);
      return 1;
    }
    out(`plan-guard: ${args.planFile}: ${result.changes} change(s), no unallowed delete or replace of a stateful resource`);
    return 0;
  } catch (error) {
    if (error instanceof PlanGuardError) {
      for (const line of error.message.split("\n")) err(`plan-guard: ${line}`);
      return 2;
    }
    throw error;
  }
}

/* istanbul ignore next -- command line entry point, run as a child process by the tests */
if (require.main === module) {
  process.exitCode = main(
    process.argv.slice(2),
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}
