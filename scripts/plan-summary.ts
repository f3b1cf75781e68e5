import * as fs from "node:fs";
import * as path from "node:path";

/**
 * node --import tsx scripts/plan-summary.ts <dir> <stack>... [--brief]
 *
 * Turns the output of `cdktf diff <stack>` (saved by CI as <dir>/<stack>.log with the exit
 * code in <dir>/<stack>.exit) into Markdown for the job summary: one line per stack with
 * Terraform's "Plan:" line, then each full plan folded in <details>. --brief leaves the plans
 * out (for a pull-request comment). Exits 1 when a stack's diff failed.
 */

export interface StackPlan {
  readonly stack: string;
  /** null: the diff never ran (an earlier step failed). */
  readonly exitCode: number | null;
  readonly output: string;
}

/** Job summaries hold 1 MiB per step; leave room for every stack. */
const MAX_PLAN_CHARS = 150_000;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function planResult(plan: StackPlan): string {
  if (plan.exitCode === null) return "not run";
  const text = plan.output.replace(ANSI, "");
  if (plan.exitCode !== 0) {
    const error = /Error: (.+)/.exec(text)?.[1]?.trim();
    return `**failed** (exit ${plan.exitCode})${error ? `: ${error}` : ""}`;
  }
  const line = /Plan: .*to destroy\./.exec(text)?.[0] ?? (/No changes\./.test(text) ? "No changes." : undefined);
  return line ?? "finished, no plan line found";
}

/** A code fence longer than any backtick run inside the text. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(longest + 1);
}

export function summarize(title: string, plans: readonly StackPlan[], brief = false): string {
  const lines = [`### ${title}`, "", "| stack | plan |", "|---|---|", ...plans.map((p) => `| ${p.stack} | ${planResult(p).replace(/\|/g, "\\|")} |`), ""];
  if (brief) return lines.join("\n");
  for (const plan of plans.filter((p) => p.exitCode !== null)) {
    let text = plan.output.replace(ANSI, "").trimEnd();
    if (text.length > MAX_PLAN_CHARS) text = `${text.slice(0, MAX_PLAN_CHARS)}\n... (${text.length - MAX_PLAN_CHARS} more characters in the job log)`;
    const f = fence(text);
    lines.push("<details>", `<summary>${plan.stack}: full plan</summary>`, "", `${f}text`, text, f, "", "</details>", "");
  }
  return lines.join("\n");
}

export function readPlans(dir: string, stacks: readonly string[]): StackPlan[] {
  return stacks.map((stack) => {
    const exitFile = path.join(dir, `${stack}.exit`);
    const logFile = path.join(dir, `${stack}.log`);
    const exitCode = fs.existsSync(exitFile) ? Number(fs.readFileSync(exitFile, "utf8").trim()) : null;
    return { stack, exitCode, output: fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "" };
  });
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const brief = argv.includes("--brief");
  const [dir, ...stacks] = argv.filter((a) => a !== "--brief");
  if (!dir || stacks.length === 0) {
    process.stderr.write("plan-summary: usage: plan-summary.ts <dir> <stack>... [--brief]\n");
    return 1;
  }
  const plans = readPlans(dir, stacks);
  const target = env.ENVIRONMENT_SUFFIX || env.ENVIRONMENT || "dev";
  process.stdout.write(`${summarize(`cdktf diff: ${target}`, plans, brief)}\n`);
  return plans.every((p) => p.exitCode === 0) ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env);
}
