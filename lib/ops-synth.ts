import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig, type Env } from "../config/load";
import { BASELINE_STACK, backendConfig, STACK_NAMES, type StateStackName } from "../stacks/backend";

/**
 * Shared by the operator scripts: where the synthesized app lives, whether it is current
 * for the sources and the environment variables in effect, and how to refresh it.
 */

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The platform stacks in deploy order, then the per-account stacks. */
export const KNOWN_STACKS: readonly string[] = [...STACK_NAMES, BASELINE_STACK, "bootstrap"];
const S3_STATE_STACKS: readonly string[] = [...STACK_NAMES, BASELINE_STACK];

/** Inputs of a synthesis: a newer file here means cdktf.out may be stale. */
const SOURCES = ["main.ts", "cdktf.json", "config", "stacks", "constructs", "lib"];

export function outdirOf(env: Env): string {
  return path.resolve(PROJECT_ROOT, env.CDKTF_OUTDIR ?? "cdktf.out");
}

export function stackDir(outdir: string, stack: string): string {
  return path.join(outdir, "stacks", stack);
}

/** Stack folders of the synthesized app, known stacks first in deploy order. */
export function synthesizedStacks(outdir: string): string[] {
  const dir = path.join(outdir, "stacks");
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, "cdk.tf.json"))) : [];
  return [...KNOWN_STACKS.filter((s) => found.includes(s)), ...found.filter((s) => !KNOWN_STACKS.includes(s)).sort()];
}

export function newestSourceMtime(root = PROJECT_ROOT): number {
  let newest = 0;
  const visit = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) fs.readdirSync(file).forEach((entry) => visit(path.join(file, entry)));
    else if (/\.(ts|json)$/.test(file)) newest = Math.max(newest, stat.mtimeMs);
  };
  SOURCES.forEach((source) => visit(path.join(root, source)));
  return newest;
}

export interface BackendBlock {
  readonly type: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The backend block of a synthesized stack (`terraform.backend`), if it has one. */
export function backendOf(json: { terraform?: { backend?: Record<string, Record<string, unknown>> } }): BackendBlock | undefined {
  const [entry] = Object.entries(json.terraform?.backend ?? {});
  return entry ? { type: entry[0], settings: entry[1] } : undefined;
}

/**
 * Why `stack` must be synthesized again, or undefined when cdktf.out is current: missing,
 * older than a source file, or written for another environment (a different state key,
 * bucket, region or endpoint than the current ENVIRONMENT / ENVIRONMENT_SUFFIX / TF_STATE_* select).
 */
export function staleReason(outdir: string, stack: string, env: Env, sourcesMtime = newestSourceMtime()): string | undefined {
  const file = path.join(stackDir(outdir, stack), "cdk.tf.json");
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return "not synthesized yet";
  if (stat.mtimeMs < sourcesMtime) return "sources changed since the last synthesis";
  if (!S3_STATE_STACKS.includes(stack)) return undefined;
  const expected = backendConfig(loadConfig({ env }), stack as StateStackName);
  const actual = backendOf(JSON.parse(fs.readFileSync(file, "utf8")))?.settings ?? {};
  const endpoint = (settings: Readonly<Record<string, unknown>>) => (settings.endpoints as { s3?: string } | undefined)?.s3;
  const same =
    actual.bucket === expected.bucket &&
    actual.key === expected.key &&
    actual.region === expected.region &&
    endpoint(actual) === expected.endpoints?.s3;
  return same ? undefined : `cdktf.out holds another environment (s3://${String(actual.bucket)}/${String(actual.key)})`;
}

/** Runs the README's synth command (node --import tsx main.ts) with the same environment. */
export function synthesize(env: NodeJS.ProcessEnv): number {
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  return result.status ?? 1;
}
