import { isStateful } from "./stateful-resources";

/**
 * The plan guard's logic: which changes in a `terraform show -json` plan delete or replace a
 * stateful resource. Pure (no I/O), so scripts/plan-guard.ts only reads files and prints.
 */

export class PlanGuardError extends Error {}

/** The parts of Terraform's JSON plan representation (format_version 1.x) the guard reads. */
interface ResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly deposed?: string;
  readonly action_reason?: string;
  readonly change: { readonly actions: readonly string[] };
}

export interface GuardedChange {
  readonly address: string;
  readonly type: string;
  /** delete, replace (delete then create) or replace (create before delete) */
  readonly action: string;
  readonly actionReason?: string;
  readonly deposed?: string;
}

export interface GuardResult {
  readonly changes: number;
  readonly blocked: readonly GuardedChange[];
  readonly allowed: readonly GuardedChange[];
  /** --allow addresses that matched no blocked change: most likely a typo. */
  readonly unusedAllows: readonly string[];
}

const DESTRUCTIVE: Readonly<Record<string, string>> = {
  delete: "delete",
  "delete,create": "replace (delete, then create)",
  "create,delete": "replace (create, then delete)",
};

/** Parses a plan's JSON text; anything that is not a complete, error-free plan is an error. */
export function parsePlan(text: string, source: string): readonly ResourceChange[] {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new PlanGuardError(`${source} is not JSON (${(error as Error).message}); pass the output of terraform show -json <planfile>`);
  }
  if (typeof plan !== "object" || plan === null || typeof (plan as { format_version?: unknown }).format_version !== "string") {
    throw new PlanGuardError(`${source} is not a Terraform JSON plan (no format_version); pass the output of terraform show -json <planfile>`);
  }
  const p = plan as { format_version: string; errored?: boolean; resource_changes?: unknown };
  if (!/^1\./.test(p.format_version)) throw new PlanGuardError(`${source} has plan format ${p.format_version}; this guard reads format 1.x`);
  if (p.errored === true) throw new PlanGuardError(`${source} is the plan of a failed terraform plan (errored: true)`);
  // Terraform omits resource_changes when nothing changes, and writes no planned_values for a state file.
  if (!("planned_values" in p)) throw new PlanGuardError(`${source} is a state, not a plan; pass terraform show -json <planfile>`);
  const changes = p.resource_changes ?? [];
  if (!Array.isArray(changes) || !changes.every(isResourceChange)) {
    throw new PlanGuardError(`${source} has a malformed resource_changes list`);
  }
  return changes;
}

function isResourceChange(value: unknown): value is ResourceChange {
  const c = value as ResourceChange;
  return (
    typeof c === "object" && c !== null && typeof c.address === "string" && typeof c.type === "string" &&
    Array.isArray(c.change?.actions) && c.change.actions.every((a) => typeof a === "string")
  );
}

/** Splits the destructive changes to stateful resources into blocked and allowed. */
export function guard(changes: readonly ResourceChange[], allow: readonly string[]): GuardResult {
  const destructive: GuardedChange[] = [];
  for (const c of changes) {
    const action = DESTRUCTIVE[c.change.actions.join(",")];
    if (c.mode === "data" || !action || !isStateful(c.type)) continue;
    destructive.push({ address: c.address, type: c.type, action, actionReason: c.action_reason, deposed: c.deposed });
  }
  const allowed = new Set(allow);
  return {
    changes: changes.filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read")).length,
    blocked: destructive.filter((c) => !allowed.has(c.address)),
    allowed: destructive.filter((c) => allowed.has(c.address)),
    unusedAllows: [...allowed].filter((a) => !destructive.some((c) => c.address === a)),
  };
}

/** One line per change: address, action, Terraform's reason. */
export function describe(change: GuardedChange): string {
  const deposed = change.deposed ? ` (deposed object ${change.deposed})` : "";
  return `${change.address}${deposed}: ${change.action}, ${change.actionReason ?? "no action_reason given"}`;
}

export interface GuardArgs {
  readonly planFile: string;
  readonly allow: readonly string[];
}

export const PLAN_GUARD_USAGE = "usage: npm run plan-guard -- <plan.json> [--allow <address>]...";

/** Every problem with the arguments, one message each. */
export function parseGuardArgs(argv: readonly string[]): GuardArgs {
  const problems: string[] = [];
  const files: string[] = [];
  const allow: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--allow") {
      const address = argv[i + 1];
      if (address === undefined || address.startsWith("--")) problems.push("--allow needs a resource address (e.g. aws_s3_bucket.frontend)");
      else {
        allow.push(address);
        i++;
      }
    } else if (arg.startsWith("--allow=")) {
      const address = arg.slice("--allow=".length);
      if (address) allow.push(address);
      else problems.push("--allow needs a resource address (e.g. aws_s3_bucket.frontend)");
    } else if (arg.startsWith("-")) problems.push(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length === 0) problems.push(`no plan file; ${PLAN_GUARD_USAGE}`);
  if (files.length > 1) problems.push(`one plan file at a time, got ${files.join(" ")}`);
  if (problems.length > 0) throw new PlanGuardError(problems.join("\n"));
  return { planFile: files[0], allow };
}
