import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import type { EnvironmentConfig } from "../config/types";
import { backendOf, KNOWN_STACKS, outdirOf, stackDir, staleReason, synthesize, synthesizedStacks, type BackendBlock } from "../lib/ops-synth";
import { findPluginDir } from "../lib/terraform-root";

/**
 * npm run state -- <stack> list | show <address> | pull | outputs
 *
 * Reads a stack's real state through its configured backend (S3 for the platform stacks,
 * local for bootstrap) of the environment ENVIRONMENT / ENVIRONMENT_SUFFIX select, and says
 * which on stderr; synthesizes first (and says why) when cdktf.out is missing, stale or holds
 * another environment. Operator mistakes and an unreachable backend end in one line on stderr
 * and exit code 1.
 */

export const COMMANDS = ["list", "show", "pull", "outputs"] as const;
export type Command = (typeof COMMANDS)[number];

const TERRAFORM_ARGS: Record<Command, (address?: string) => string[]> = {
  list: () => ["state", "list"],
  show: (address) => ["state", "show", address!],
  pull: () => ["state", "pull"],
  outputs: () => ["output", "-json"],
};

export class StateError extends Error {}

export interface StateRequest {
  readonly stack: string;
  readonly command: Command;
  readonly address?: string;
}

const USAGE = "usage: npm run state -- <stack> list|show <address>|pull|outputs";

export function parseStateArgs(argv: readonly string[], stacks: readonly string[]): StateRequest {
  const [stack, command, address, ...extra] = argv;
  if (!stack) throw new StateError(USAGE);
  if (!stacks.includes(stack)) throw new StateError(`unknown stack "${stack}"; choose one of ${stacks.join(", ")}`);
  if (!command) throw new StateError(`no command; ${USAGE}`);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new StateError(`unknown command "${command}"; choose one of list, show <address>, pull, outputs`);
  }
  if (command === "show" && !address) throw new StateError(`show needs a resource address (see: npm run state -- ${stack} list)`);
  const unexpected = command === "show" ? extra[0] : address;
  if (unexpected !== undefined) throw new StateError(`unexpected argument "${unexpected}"; ${USAGE}`);
  return { stack, command: command as Command, ...(command === "show" ? { address } : {}) };
}

export interface TerraformResult {
  readonly status: number | null;
  readonly stderr: string;
  readonly error?: Error;
}

/** Runs terraform in a stack folder; `capture` keeps its output off the terminal. */
export type TerraformRunner = (args: readonly string[], cwd: string, capture: boolean) => TerraformResult;

export interface StateDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly terraform: TerraformRunner;
  readonly synthesize: (env: NodeJS.ProcessEnv) => number;
  /** Where the script says what it does (stderr, so `pull` and `outputs` stay clean JSON). */
  readonly log: (line: string) => void;
}

/** The first `Error:` line Terraform printed, without the box drawing of its diagnostics. */
export function firstError(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.replace(/^[│╷╵\s]+/, "").trim());
  return lines.find((l) => l.startsWith("Error: "))?.slice("Error: ".length) ?? lines.find((l) => l.length > 0) ?? "no output";
}

export function describeBackend(backend: BackendBlock | undefined): string {
  if (!backend) return "no backend block";
  const { bucket, key, region, path: file, endpoints } = backend.settings;
  const endpoint = (endpoints as { s3?: string } | undefined)?.s3;
  if (backend.type === "s3") return `s3 backend: bucket ${String(bucket)}, key ${String(key)}, region ${String(region)}${endpoint ? `, endpoint ${endpoint}` : ""}`;
  return `${backend.type} backend${file ? `: path ${String(file)}` : ""}`;
}

/** The one line naming what a run reads: the stack, its environment and its backend. */
export function targetOf(stack: string, config: EnvironmentConfig, backend: BackendBlock | undefined): string {
  return `state: ${stack} of ${config.profile}/${config.suffix} (${config.region}), ${describeBackend(backend)}`;
}

/** Providers (registry.terraform.io/<namespace>/<name>) a synthesized stack requires. */
function requiredProviders(json: { terraform?: { required_providers?: Record<string, { source?: string }> } }): string[] {
  // Terraform's defaults: host registry.terraform.io, namespace hashicorp (cdktf writes "aws").
  const address = (parts: string[]) => [...["registry.terraform.io", "hashicorp"].slice(0, 3 - parts.length), ...parts].join("/");
  return Object.entries(json.terraform?.required_providers ?? {}).map(([name, { source = name }]) => address(source.split("/")));
}

/**
 * The provider mirror the tests use (lib/terraform-root.ts: TF_PLUGIN_DIR, else the usual
 * places), when it holds every provider the stack needs; otherwise init downloads them.
 */
export function pluginDirFor(json: object, env: NodeJS.ProcessEnv): string | undefined {
  let dir: string;
  try {
    dir = findPluginDir(env);
  } catch (error) {
    if (env.TF_PLUGIN_DIR) throw new StateError((error as Error).message);
    return undefined;
  }
  return requiredProviders(json).every((p) => fs.existsSync(path.join(dir, p))) ? dir : undefined;
}

/** Returns the exit code; every failure it knows about is a StateError with one line. */
export function runState(request: StateRequest, deps: StateDeps): number {
  const config = loadConfig({ env: deps.env });
  const outdir = outdirOf(deps.env);
  const stale = staleReason(outdir, request.stack, deps.env);
  if (stale !== undefined) {
    deps.log(`state: ${stale}; synthesizing ${config.profile}/${config.suffix} first`);
    // A failed synthesis has printed its own one-line reason.
    if (deps.synthesize(deps.env) !== 0) return 1;
  }
  const dir = stackDir(outdir, request.stack);
  const file = path.join(dir, "cdk.tf.json");
  if (!fs.existsSync(file)) {
    throw new StateError(`stack "${request.stack}" is not part of the synthesized app (it has ${synthesizedStacks(outdir).join(", ") || "no stacks"})`);
  }
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const backend = backendOf(json);
  deps.log(targetOf(request.stack, config, backend));

  if (!initializedFor(dir, backend)) initialize(request.stack, dir, backend, json, deps);
  const result = deps.terraform(TERRAFORM_ARGS[request.command](request.address), dir, false);
  return result.status ?? 1;
}

/** Whether every setting of `expected` has the same value in `actual` (which lists every attribute). */
function sameSettings(expected: unknown, actual: unknown): boolean {
  if (expected !== null && typeof expected === "object") {
    return actual !== null && typeof actual === "object" && Object.entries(expected).every(([k, v]) => sameSettings(v, (actual as Record<string, unknown>)[k]));
  }
  return expected === actual;
}

/**
 * Whether the folder is already initialized against exactly this backend, with its providers
 * installed: then `init` (1-2 s, most of it checksumming the provider) is skipped.
 */
export function initializedFor(dir: string, backend: BackendBlock | undefined): boolean {
  const file = path.join(dir, ".terraform", "terraform.tfstate");
  if (!backend || !fs.existsSync(file) || !fs.existsSync(path.join(dir, ".terraform.lock.hcl"))) return false;
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")).backend as { type?: string; config?: unknown } | undefined;
    return stored?.type === backend.type && sameSettings(backend.settings, stored.config);
  } catch {
    return false;
  }
}

function initialize(stack: string, dir: string, backend: BackendBlock | undefined, json: object, deps: StateDeps): void {
  const pluginDir = pluginDirFor(json, deps.env);
  const init = deps.terraform(["init", "-input=false", "-reconfigure", "-no-color", ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])], dir, true);
  if (init.error) throw new StateError(`cannot run terraform (${init.error.message}); install Terraform >= 1.10`);
  if (init.status !== 0) {
    throw new StateError(`terraform init failed for ${stack} (${describeBackend(backend)}): ${firstError(init.stderr)}`);
  }
}

export const runTerraform: TerraformRunner = (args, cwd, capture) => {
  const result = spawnSync("terraform", [`-chdir=${cwd}`, ...args], {
    encoding: "utf8",
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stderr: result.stderr ?? "", error: result.error };
};

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  try {
    const stacks = [...new Set([...KNOWN_STACKS, ...synthesizedStacks(outdirOf(env))])];
    const log = (line: string) => process.stderr.write(`${line}\n`);
    return runState(parseStateArgs(argv, stacks), { env, terraform: runTerraform, synthesize, log });
  } catch (error) {
    if (error instanceof StateError || error instanceof ConfigError) {
      process.stderr.write(`${error instanceof StateError ? "state: " : ""}${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env);
}
