import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { FAKE_ACCOUNT_ID, FAKE_DATA, fakeStateOutputs, LOCAL_DATA_SOURCES, type FakeContext } from "./plan-fakes";
import {
  findPluginDir,
  RANDOM_PROVIDER,
  replaceRandomResources,
  RootProviders,
  terraform,
  TerraformSetupError,
  type Diagnostic,
  type ProviderConfig,
  type TerraformJson,
} from "./terraform-root";

/**
 * Offline `terraform plan` of synthesized stacks with the real AWS provider, through
 * `terraform test` (`command = plan`): the provider validates every stack (a plan validates
 * first) and then runs its own plan logic, which catches what validate cannot (malformed
 * ARNs, invalid attribute combinations, a consumer reading an output its producer does not
 * write). Nothing reaches AWS:
 * - every stack is a module of one wrapper root, its provider blocks hoisted into the root with
 *   fake keys and every `skip_*` check, `max_retries = 1` (0 means the default, 9 attempts);
 * - data sources that would call AWS get `override_data` values shaped like the real ones, and
 *   each `terraform_remote_state` gets its producer stack's own outputs, faked per attribute;
 * - the backend is dropped (a module's backend is ignored anyway) and HTTP(S) proxies point at a
 *   closed loopback port, so a stray AWS call fails in milliseconds instead of retrying.
 */

export interface SynthesizedStack {
  /** Module label, e.g. dev-network. */
  readonly label: string;
  /** Folder holding cdk.tf.json. */
  readonly dir: string;
  /** false: not planned, only read as a state producer for the stacks that are. */
  readonly plan: boolean;
  /**
   * The synthesis it came from (e.g. a profile, or a variant of one). A remote state is read from
   * the stack of the same group that writes its key, else from the first stack that does: a
   * variant writes the same state keys as its profile.
   */
  readonly group?: string;
}

export interface PlanOptions {
  /** Keeps the wrapper root and its .terraform between runs (init is then quick). */
  readonly workDir: string;
  /**
   * Stacks planned in a run of their own (a canary with a configuration error, which would stop
   * a shared run before anything is planned). They keep their own provider blocks and get no overrides.
   */
  readonly isolated?: readonly Omit<SynthesizedStack, "plan">[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface PlanResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Human-readable notes about substitutions made (e.g. a provider not in the mirror). */
  readonly notes: readonly string[];
  /** Labels of the stacks planned. */
  readonly planned: readonly string[];
  /** Stacks not planned because an earlier one is identical, and so are the states it reads: label -> that one's label. */
  readonly duplicates: Readonly<Record<string, string>>;
  /** `override_data` targets, e.g. module.dev-data.data.aws_caller_identity.x. */
  readonly overridden: readonly string[];
  readonly seconds: number;
}

/** What the root's provider blocks get so nothing needs real credentials or the network. */
export function offlineProvider(block: ProviderConfig): ProviderConfig {
  return {
    ...block,
    access_key: "AKIAOFFLINEPLANEXAMPLE",
    secret_key: "offline-plan-not-a-secret",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    max_retries: 1,
  };
}

export interface Override {
  readonly target: string;
  readonly values: Record<string, unknown>;
}

function contextOf(json: TerraformJson): FakeContext {
  const blocks = (json.provider?.aws ?? []) as ProviderConfig[];
  const main = blocks.find((b) => !b.alias) ?? blocks[0] ?? {};
  const allowed = main.allowed_account_ids as string[] | undefined;
  return { region: String(main.region ?? "us-east-1"), accountId: allowed?.[0] ?? FAKE_ACCOUNT_ID };
}

function stateAddress(config: Record<string, unknown>): string {
  return `${String(config.bucket)}/${String(config.key)}`;
}

/**
 * The `override_data` blocks a module needs: every data source that would call AWS, and every
 * remote state (from the stack `producerOf` finds for its bucket/key). Throws one line per data
 * source it knows neither as local nor how to fake, and per state no synthesized stack writes.
 */
export function overridesFor(label: string, json: TerraformJson, producerOf: (stateAddress: string) => TerraformJson | undefined): Override[] {
  const overrides: Override[] = [];
  const problems: string[] = [];
  const ctx = contextOf(json);
  for (const [type, sources] of Object.entries(json.data ?? {})) {
    for (const [name, body] of Object.entries(sources)) {
      const target = `module.${label}.data.${type}.${name}`;
      if (type === "terraform_remote_state") {
        const config = (body.config ?? {}) as Record<string, unknown>;
        const producer = producerOf(stateAddress(config));
        if (producer) overrides.push({ target, values: { outputs: fakeStateOutputs(producer, contextOf(producer), outputsRead(json, name)) } });
        else problems.push(`${target} reads s3://${stateAddress(config)}, which no synthesized stack writes`);
      } else if (FAKE_DATA[type]) {
        overrides.push({ target, values: FAKE_DATA[type](body, ctx, `${ctx.accountId}/${ctx.region}/${type}.${name}`) });
      } else if (!LOCAL_DATA_SOURCES.has(type)) {
        problems.push(
          `${target}: data source ${type} is neither known to make no AWS call (LOCAL_DATA_SOURCES) nor faked (FAKE_DATA) in lib/plan-fakes.ts`,
        );
      }
    }
  }
  if (problems.length > 0) throw new TerraformSetupError(`cannot plan offline:\n${problems.join("\n")}`);
  return overrides;
}

/** The outputs a stack reads from its remote state `reader`; undefined when it uses the whole `outputs` object. */
export function outputsRead(json: TerraformJson, reader: string): Set<string> | undefined {
  const text = JSON.stringify({ ...json, data: { ...json.data, terraform_remote_state: undefined } });
  const prefix = `data.terraform_remote_state.${reader}.outputs`;
  const names = new Set<string>();
  let whole = false;
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + prefix.length)) {
    const attribute = /^\.([A-Za-z0-9_-]+)/.exec(text.slice(at + prefix.length));
    if (attribute) names.add(attribute[1]);
    else whole = true;
  }
  return whole ? undefined : names;
}

/** Terraform test files are HCL; JSON is valid HCL expression syntax once `${` and `%{` are escaped. */
function hclValue(value: unknown): string {
  return JSON.stringify(value).replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
}

export function renderTestFile(overrides: readonly Override[], module?: string): string {
  const blocks = overrides.map((o) => `override_data {\n  target = ${o.target}\n  values = ${hclValue(o.values)}\n}\n`);
  const source = module ? `  module {\n    source = "${module}"\n  }\n` : "";
  return `${blocks.join("\n")}\nrun "plan" {\n  command = plan\n${source}}\n`;
}

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface RawDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename?: string };
}

function moduleOf(d: RawDiagnostic, testFile?: string): string | undefined {
  const file = d.range?.filename ?? "";
  const match = /stacks\/([^/]+)\//.exec(file) ?? /module\.([A-Za-z0-9_-]+)/.exec(d.address ?? "");
  return match?.[1] ?? /^isolated-(.+)\.tftest\.hcl$/.exec(testFile ?? "")?.[1];
}

/** Diagnostics from `terraform test -json` (one JSON object per line), each once (validate and plan may both report one). */
export function parseTestOutput(stdout: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { type?: string; diagnostic?: RawDiagnostic; "@testfile"?: string };
    if (event.type !== "diagnostic" || !event.diagnostic) continue;
    const d = event.diagnostic;
    const diagnostic: Diagnostic = { severity: d.severity, summary: d.summary, detail: d.detail, module: moduleOf(d, event["@testfile"]), address: d.address };
    const key = JSON.stringify(diagnostic);
    if (!seen.has(key)) diagnostics.push(diagnostic);
    seen.add(key);
  }
  return diagnostics;
}

/** Terraform quotes the offending line of a stack, which is the whole stack: keep each line short. */
function clip(output: string): string {
  return output
    .split("\n")
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}...` : line))
    .join("\n")
    .slice(-8000);
}

/** Plans every stack with `plan: true` (and each isolated one in its own run) in one Terraform process. */
export async function planStacks(stacks: readonly SynthesizedStack[], options: PlanOptions): Promise<PlanResult> {
  const started = process.hrtime.bigint();
  const env = options.env ?? process.env;
  const pluginDir = findPluginDir(env);
  const randomMirrored = fs.existsSync(path.join(pluginDir, RANDOM_PROVIDER));
  const root = path.join(options.workDir, "root");
  const copies = path.join(options.workDir, "stacks");
  fs.rmSync(copies, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  for (const file of fs.readdirSync(root).filter((f) => f.endsWith(".tftest.hcl"))) fs.rmSync(path.join(root, file));

  const read = (dir: string) => fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8");
  const synthesized = stacks.map((stack) => ({ ...stack, text: read(stack.dir), json: JSON.parse(read(stack.dir)) as TerraformJson }));
  const writers = new Map<string, (typeof synthesized)[number][]>();
  for (const stack of synthesized) {
    const backend = stack.json.terraform?.backend?.s3;
    if (backend) writers.set(stateAddress(backend), [...(writers.get(stateAddress(backend)) ?? []), { ...stack, json: structuredClone(stack.json) }]);
  }
  const producerFor = (group: string | undefined) => (address: string) => {
    const all = writers.get(address) ?? [];
    return (all.find((w) => w.group === group) ?? all[0])?.json;
  };

  const notes: string[] = [];
  const overrides: Override[] = [];
  const modules: Record<string, { source: string; providers: Record<string, string> }> = {};
  const providers = new RootProviders(offlineProvider);
  const writeCopy = (label: string, json: TerraformJson) => {
    delete json.terraform?.backend;
    const replaced = randomMirrored ? [] : replaceRandomResources(json);
    if (json.provider && Object.keys(json.provider).length === 0) delete json.provider;
    if (replaced.length > 0) {
      notes.push(`${label}: hashicorp/random is not in the provider mirror ${pluginDir}; planned with ${replaced.join(", ")} replaced by input variables`);
    }
    fs.mkdirSync(path.join(copies, label), { recursive: true });
    fs.writeFileSync(path.join(copies, label, "cdk.tf.json"), JSON.stringify(json));
  };
  const duplicates: Record<string, string> = {};
  const seen = new Map<string, string>();
  const planned: string[] = [];
  for (const { label, json, text, group } of synthesized.filter((s) => s.plan)) {
    const own = overridesFor(label, json, producerFor(group));
    const key = JSON.stringify([text, own.map((o) => [o.target.replace(`module.${label}.`, ""), o.values])]);
    if (seen.has(key)) {
      duplicates[label] = seen.get(key)!;
      continue;
    }
    seen.set(key, label);
    planned.push(label);
    overrides.push(...own);
    const passed = providers.hoist(json);
    writeCopy(label, json);
    modules[label] = { source: `../stacks/${label}`, providers: passed };
  }
  fs.writeFileSync(path.join(root, "main.tf.json"), JSON.stringify({ ...providers.toJson(), module: modules }, null, 2));
  fs.writeFileSync(path.join(root, "platform.tftest.hcl"), renderTestFile(overrides));
  for (const { label, dir } of options.isolated ?? []) {
    const json = JSON.parse(read(dir)) as TerraformJson;
    const blocks = (json.provider?.aws ?? []) as ProviderConfig[];
    if (json.provider) json.provider.aws = blocks.map(offlineProvider);
    writeCopy(label, json);
    fs.writeFileSync(path.join(root, `isolated-${label}.tftest.hcl`), renderTestFile([], `../stacks/${label}`));
  }

  const init = await terraform(["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], root);
  if (init.status !== 0) throw new TerraformSetupError(`terraform init failed:\n${clip(init.stderr + init.stdout)}`);
  const proxy = `http://127.0.0.1:${await closedPort()}`;
  const offline = { HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy, NO_PROXY: "", no_proxy: "" };
  const test = await terraform(["test", "-json", "-no-color"], root, offline);
  if (!test.stdout.includes('"type":"test_summary"')) {
    throw new TerraformSetupError(`terraform test printed no summary (exit ${test.status}):\n${clip(test.stderr + test.stdout)}`);
  }
  return {
    diagnostics: parseTestOutput(test.stdout),
    notes,
    planned,
    duplicates,
    overridden: overrides.map((o) => o.target),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
