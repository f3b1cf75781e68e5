import * as fs from "node:fs";
import * as path from "node:path";
import { describe, guard, parsePlan } from "../plan-guard";
import type { CommandRunner } from "./commands";

export class GuardedApplyError extends Error {}

/**
 * What every deploy does to one synthesized stack: terraform plan -out, the plan as JSON,
 * the plan guard, then apply exactly that saved plan. Throws before applying anything the
 * guard refuses.
 */
export function guardedApply(stackDir: string, env: NodeJS.ProcessEnv, run: CommandRunner, log: (line: string) => void): void {
  const stack = path.basename(stackDir);
  const tf = (args: string[], capture = false) => {
    const result = run("terraform", args, { cwd: stackDir, env: { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" }, capture });
    if (result.error) throw new GuardedApplyError(`cannot run terraform (${result.error.message})`);
    if (result.status !== 0) throw new GuardedApplyError(`terraform ${args[0]} of ${stack} failed (exit ${result.status}); nothing after it ran`);
    return result.stdout;
  };
  const planFile = "guarded.tfplan";
  tf(["init", "-input=false", "-no-color"]);
  try {
    tf(["plan", "-input=false", "-no-color", `-out=${planFile}`]);
    const result = guard(parsePlan(tf(["show", "-json", planFile], true), `${stack} plan`), []);
    if (result.blocked.length > 0) {
      for (const change of result.blocked) log(`blocked ${describe(change)}`);
      throw new GuardedApplyError(`the ${stack} plan deletes or replaces ${result.blocked.length} stateful resource(s); nothing was applied`);
    }
    tf(["apply", "-input=false", "-no-color", planFile]);
  } finally {
    // A saved plan holds the stack's sensitive values in clear text.
    fs.rmSync(path.join(stackDir, planFile), { force: true });
  }
}
