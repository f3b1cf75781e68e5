import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Offline `terraform validate` of synthesized stacks. All stacks go into one wrapper root
 * as modules, so Terraform loads the AWS provider's schema (the slow part, ~4 s and ~600 MB)
 * once for every stack of every profile instead of once per stack. The stacks' provider
 * blocks are hoisted into the root and passed to the modules, so stacks with the same
 * provider configuration share one provider instance (about 40% faster than one per module).
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
const RANDOM_PROVIDER = path.join("registry.terraform.io", "hashicorp", "random");

/** The only diagnostic filtered out: a module's backend block is ignored, by design here. */
const BACKEND_IGNORED = "Backend configuration ignored";

export class ValidateSetupError extends Error {}

export function findPluginDir(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = MIRROR_CANDIDATES): string {
  if (env.TF_PLUGIN_DIR) {
    if (!fs.existsSync(path.join(env.TF_PLUGIN_DIR, AWS_PROVIDER))) {
      throw new ValidateSetupError(`TF_PLUGIN_DIR=${env.TF_PLUGIN_DIR} has no ${AWS_PROVIDER}`);
    }
    return env.TF_PLUGIN_DIR;
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, AWS_PROVIDER)));
  if (!found) {
    throw new ValidateSetupError(`no Terraform provider mirror with ${AWS_PROVIDER} in ${candidates.join(", ")}; set TF_PLUGIN_DIR`);
  }
  return found;
}

export interface StackDir {
  /** Module label, e.g. dev-network. */
  readonly label: string;
  /** Folder holding cdk.tf.json. */
  readonly dir: string;
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly module?: string;
  readonly address?: string;
}

export interface ValidateResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Human-readable notes about substitutions made (e.g. a provider not in the mirror). */
  readonly notes: readonly string[];
}

/**
 * Validates every stack folder; returns all diagnostics except "Backend configuration ignored".
 * `workDir` keeps the wrapper root and its .terraform between runs (init is then quick).
 */
export function validateStacks(stacks: readonly StackDir[], workDir: string, env = process.env): ValidateResult {
  const pluginDir = findPluginDir(env);
  const randomMirrored = fs.existsSync(path.join(pluginDir, RANDOM_PROVIDER));
  const notes: string[] = [];
  const root = path.join(workDir, "root");
  const copies = path.join(workDir, "stacks");
  fs.rmSync(copies, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });

  const modules: Record<string, { source: string; providers: Record<string, string> }> = {};
  const providers = new RootProviders();
  for (const stack of stacks) {
    const json = JSON.parse(fs.readFileSync(path.join(stack.dir, "cdk.tf.json"), "utf8")) as TerraformJson;
    const replaced = randomMirrored ? [] : replaceRandomResources(json);
    const copy = path.join(copies, stack.label);
    fs.mkdirSync(copy, { recursive: true });
    const passed = providers.hoist(json);
    fs.writeFileSync(path.join(copy, "cdk.tf.json"), JSON.stringify(json));
    modules[stack.label] = { source: `../stacks/${stack.label}`, providers: passed };
    if (replaced.length > 0) {
      notes.push(
        `${stack.label}: hashicorp/random is not in the provider mirror ${pluginDir}; validated with ${replaced.join(", ")} replaced by input variables`,
      );
    }
  }
  fs.writeFileSync(path.join(root, "main.tf.json"), JSON.stringify({ ...providers.toJson(), module: modules }, null, 2));

  const init = terraform(["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], root);
  if (init.status !== 0) {
    throw new ValidateSetupError(`terraform init failed:\n${init.stderr}${init.stdout}`);
  }
  const validate = terraform(["validate", "-json", "-no-color"], root);
  let report: { diagnostics?: RawDiagnostic[] };
  try {
    report = JSON.parse(validate.stdout) as typeof report;
  } catch {
    throw new ValidateSetupError(`terraform validate printed no JSON:\n${validate.stderr}${validate.stdout}`);
  }
  const diagnostics = (report.diagnostics ?? [])
    .filter((d) => !(d.severity === "warning" && d.summary === BACKEND_IGNORED))
    .map((d) => ({
      severity: d.severity,
      summary: d.summary,
      detail: d.detail,
      module: moduleOf(d),
      address: d.address,
    }));
  return { diagnostics, notes };
}

/** One line per diagnostic, naming the stack it came from. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.severity} in ${d.module ?? "root"}${d.address ? ` (${d.address})` : ""}: ${d.summary}${d.detail ? ` - ${d.detail}` : ""}`)
    .join("\n");
}

interface TerraformJson {
  resource?: Record<string, Record<string, unknown>>;
  variable?: Record<string, unknown>;
  provider?: Record<string, unknown>;
  terraform?: { required_providers?: Record<string, Record<string, unknown>> };
}

type ProviderConfig = Record<string, unknown> & { alias?: string };

interface RawDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename?: string };
}

/**
 * The root's AWS provider configurations. Each distinct configuration becomes one root alias
 * that every module with that configuration uses: identical ones (a profile's stacks) share a
 * provider instance, and every configuration is used, so Terraform validates each of them
 * (it prunes unused ones).
 */
class RootProviders {
  private requirement?: Record<string, unknown>;
  /** Configuration (without alias) as JSON -> root alias. */
  private readonly aliases = new Map<string, string>();

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
    const blocks = [...this.aliases.entries()].map(([key, alias]) => ({ ...(JSON.parse(key) as object), alias }));
    return { terraform: { required_providers: { aws: this.requirement } }, provider: { aws: blocks } };
  }
}

/**
 * Swaps random_* resources for sensitive string variables of the same name, so a stack
 * using hashicorp/random still validates against a mirror that only has hashicorp/aws.
 * Returns the addresses replaced.
 */
export function replaceRandomResources(json: TerraformJson): string[] {
  const replaced: string[] = [];
  for (const type of Object.keys(json.resource ?? {}).filter((t) => t.startsWith("random_"))) {
    for (const name of Object.keys(json.resource![type])) {
      const variable = `${type}_${name}`.replace(/[^A-Za-z0-9_]/g, "_");
      json.variable = { ...json.variable, [variable]: { type: "string", sensitive: true, default: "validate-only" } };
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

function terraform(args: string[], cwd: string) {
  return spawnSync("terraform", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function moduleOf(d: RawDiagnostic): string | undefined {
  const file = d.range?.filename ?? "";
  const match = /stacks\/([^/]+)\//.exec(file) ?? /module\.([A-Za-z0-9_-]+)/.exec(d.address ?? "");
  return match?.[1];
}
