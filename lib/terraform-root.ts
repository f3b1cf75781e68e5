import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The pieces of an offline Terraform run over many synthesized stacks: finding the provider
 * mirror, hoisting the stacks' AWS provider blocks into one wrapper root (so Terraform starts
 * one provider per distinct configuration, not one per stack), and running the CLI.
 */

/** Where providers may be mirrored; TF_PLUGIN_DIR wins. Each holds registry.terraform.io/. */
const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

const AWS_PROVIDER = path.join("registry.terraform.io", "hashicorp", "aws");
export const RANDOM_PROVIDER = path.join("registry.terraform.io", "hashicorp", "random");

/** The harness cannot run (no mirror, init failed, unreadable output): not a finding about a stack. */
export class TerraformSetupError extends Error {}

export function findPluginDir(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = MIRROR_CANDIDATES): string {
  if (env.TF_PLUGIN_DIR) {
    if (!fs.existsSync(path.join(env.TF_PLUGIN_DIR, AWS_PROVIDER))) {
      throw new TerraformSetupError(`TF_PLUGIN_DIR=${env.TF_PLUGIN_DIR} has no ${AWS_PROVIDER}`);
    }
    return env.TF_PLUGIN_DIR;
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, AWS_PROVIDER)));
  if (!found) {
    throw new TerraformSetupError(`no Terraform provider mirror with ${AWS_PROVIDER} in ${candidates.join(", ")}; set TF_PLUGIN_DIR`);
  }
  return found;
}

/** The parts of a synthesized stack's JSON the harness reads or rewrites. */
export interface TerraformJson {
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  variable?: Record<string, unknown>;
  locals?: Record<string, unknown>;
  provider?: Record<string, unknown>;
  terraform?: { required_providers?: Record<string, Record<string, unknown>>; backend?: Record<string, Record<string, unknown>> };
}

export type ProviderConfig = Record<string, unknown> & { alias?: string };

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  /** Module label (the stack), e.g. dev-network. */
  readonly module?: string;
  readonly address?: string;
}

/** One line per diagnostic, naming the stack it came from. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.severity} in ${d.module ?? "root"}${d.address ? ` (${d.address})` : ""}: ${d.summary}${d.detail ? ` - ${d.detail}` : ""}`)
    .join("\n");
}

/**
 * The root's AWS provider configurations. Each distinct configuration becomes one root alias
 * that every module with that configuration uses: identical ones (a profile's stacks) share a
 * provider instance, and every configuration is used, so Terraform checks each of them
 * (it prunes unused ones). `configure` adds what the run needs (e.g. fake credentials) to
 * each root block; modules are keyed on their own configuration, before it.
 */
export class RootProviders {
  private requirement?: Record<string, unknown>;
  /** Configuration (without alias) as JSON -> root alias. */
  private readonly aliases = new Map<string, string>();

  constructor(private readonly configure: (block: ProviderConfig) => ProviderConfig = (block) => block) {}

  /** Moves a stack's aws provider blocks to the root; returns the module's `providers` map. */
  hoist(json: TerraformJson): Record<string, string> {
    const own = (json.provider?.aws ?? []) as ProviderConfig[];
    if (own.length === 0) return {};
    delete json.provider!.aws;
    if (Object.keys(json.provider!).length === 0) delete json.provider;
    const requirement = json.terraform!.required_providers!.aws;
    this.requirement ??= { ...requirement };
    const moduleAliases = own.filter((c) => c.alias).map((c) => `aws.${c.alias}`);
    if (moduleAliases.length > 0) requirement.configuration_aliases = moduleAliases;

    const passed: Record<string, string> = {};
    for (const { alias, ...body } of own) {
      const key = JSON.stringify(body);
      if (!this.aliases.has(key)) this.aliases.set(key, `config_${this.aliases.size + 1}`);
      passed[alias ? `aws.${alias}` : "aws"] = `aws.${this.aliases.get(key)}`;
    }
    return passed;
  }

  toJson(): Record<string, unknown> {
    if (!this.requirement) return {};
    const blocks = [...this.aliases.entries()].map(([key, alias]) => ({ ...this.configure(JSON.parse(key) as ProviderConfig), alias }));
    return { terraform: { required_providers: { aws: this.requirement } }, provider: { aws: blocks } };
  }
}

/**
 * Swaps random_* resources for sensitive string variables of the same name, so a stack
 * using hashicorp/random still runs against a mirror that only has hashicorp/aws.
 * Returns the addresses replaced.
 */
export function replaceRandomResources(json: TerraformJson, placeholder = "offline-check-only"): string[] {
  const replaced: string[] = [];
  for (const type of Object.keys(json.resource ?? {}).filter((t) => t.startsWith("random_"))) {
    for (const name of Object.keys(json.resource![type])) {
      const variable = `${type}_${name}`.replace(/[^A-Za-z0-9_]/g, "_");
      json.variable = { ...json.variable, [variable]: { type: "string", sensitive: true, default: placeholder } };
      replaced.push(`${type}.${name}`);
      const text = JSON.stringify(json).split(`${type}.${name}.result`).join(`var.${variable}`);
      Object.assign(json, JSON.parse(text));
    }
    delete json.resource![type];
  }
  if (replaced.length > 0) {
    delete json.provider?.random;
    delete json.terraform?.required_providers?.random;
  }
  return replaced;
}

export interface TerraformRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the Terraform CLI offline: no checkpoint call, no CLI config, and `extraEnv` on top
 * (e.g. proxies that make any stray AWS call fail at once). GOGC=400 lets the Go runtimes of
 * Terraform and the provider collect garbage less often: about a fifth less CPU for a plan of
 * every stack, for ~150 MiB more per provider process (measured on the 2-core machine).
 */
export function terraform(args: readonly string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, {
      cwd,
      env: { GOGC: "400", ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new TerraformSetupError(`cannot run terraform: ${error.message}`)));
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}
