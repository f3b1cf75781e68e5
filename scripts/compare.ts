import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { PROFILE_NAMES, type EnvironmentConfig, type ProfileName } from "../config/types";
import { KNOWN_STACKS } from "../lib/ops-synth";
import { composePlatform } from "../main";

/**
 * npm run compare [-- --json]
 *
 * What differs between dev, staging and prod: every profile setting whose value is not the
 * same in all three, and the resource blocks each stack synthesizes. Works offline.
 */

export type Value = string | number | boolean | null;
export type PerProfile<T> = Readonly<Record<ProfileName, T>>;

export interface Row<T = Value> {
  readonly key: string;
  readonly values: PerProfile<T>;
}

export interface Comparison {
  readonly profiles: readonly ProfileName[];
  /** Settings that differ, by config path (services keyed by name). */
  readonly settings: readonly Row[];
  readonly identicalSettings: number;
  /** Resource blocks per stack; bootstrap is shared per account and not in the total. */
  readonly resources: { readonly stacks: readonly Row<number>[]; readonly total: PerProfile<number> };
  /** "<stack> <resource type>" rows whose counts differ. */
  readonly resourceTypes: readonly Row<number>[];
  readonly identicalResourceTypes: number;
}

/** Fields that are not part of a profile: they come from the environment at synthesis. */
const NOT_PROFILE = new Set(["profile", "suffix", "state", "ownershipTags"]);
/** Shared per account, not per environment. */
const SHARED_STACKS = new Set(["bootstrap"]);

/** Flat config-path -> value map of a profile; arrays of named objects are keyed by name. */
export function flattenConfig(config: EnvironmentConfig): Map<string, Value> {
  const out = new Map<string, Value>();
  const visit = (value: unknown, key: string) => {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v?.name === "string")) {
      for (const item of value as { name: string }[]) {
        Object.entries(item).forEach(([k, v]) => k !== "name" && visit(v, `${key}.${item.name}.${k}`));
      }
    } else if (Array.isArray(value)) {
      out.set(key, value.join(", "));
    } else if (value !== null && typeof value === "object") {
      Object.entries(value).forEach(([k, v]) => visit(v, key ? `${key}.${k}` : k));
    } else {
      out.set(key, (value ?? null) as Value);
    }
  };
  Object.entries(config).forEach(([k, v]) => !NOT_PROFILE.has(k) && visit(v, k));
  return out;
}

/** Resource blocks per type per stack of one synthesized environment. */
export function countResources(outdir: string): Record<string, Record<string, number>> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const counts: Record<string, Record<string, number>> = {};
  for (const [stack, { synthesizedStackPath }] of Object.entries(manifest.stacks)) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, synthesizedStackPath), "utf8")) as { resource?: Record<string, object> };
    counts[stack] = Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, blocks]) => [type, Object.keys(blocks).length]));
  }
  return counts;
}

function synthesizeProfile(config: EnvironmentConfig, workDir: string): Record<string, Record<string, number>> {
  const outdir = path.join(workDir, config.profile);
  const app = new App({ outdir, stackTraces: false });
  composePlatform(app, config);
  app.synth();
  return countResources(outdir);
}

/** Rows from per-profile maps; returns the differing rows and how many were identical. */
function diffRows<T extends Value>(maps: PerProfile<Map<string, T>>, missing: T): [Row<T>[], number] {
  const keys = [...new Set(PROFILE_NAMES.flatMap((p) => [...maps[p].keys()]))];
  const rows = keys.map((key) => ({
    key,
    values: Object.fromEntries(PROFILE_NAMES.map((p) => [p, maps[p].get(key) ?? missing])) as PerProfile<T>,
  }));
  const differing = rows.filter((row) => new Set(PROFILE_NAMES.map((p) => JSON.stringify(row.values[p]))).size > 1);
  return [differing, rows.length - differing.length];
}

/** Deploy order, then stacks this script does not know yet. */
const stackRank = (stack: string) => (KNOWN_STACKS.includes(stack) ? KNOWN_STACKS.indexOf(stack) : KNOWN_STACKS.length);

const SECTION_ORDER = ["region", "protection", "network", "database", "cache", "queue", "compute", "alarms", "edge"];
const section = (key: string) => {
  const index = SECTION_ORDER.indexOf(key.split(".")[0]);
  return index === -1 ? SECTION_ORDER.length : index;
};

export function compareProfiles(): Comparison {
  const configs = Object.fromEntries(PROFILE_NAMES.map((p) => [p, loadConfig({ env: { ENVIRONMENT: p } })])) as PerProfile<EnvironmentConfig>;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "payment-compare-"));
  try {
    const counts = Object.fromEntries(PROFILE_NAMES.map((p) => [p, synthesizeProfile(configs[p], workDir)])) as PerProfile<Record<string, Record<string, number>>>;
    const [settings, identicalSettings] = diffRows(
      Object.fromEntries(PROFILE_NAMES.map((p) => [p, flattenConfig(configs[p])])) as PerProfile<Map<string, Value>>,
      null,
    );
    const perType = (p: ProfileName) =>
      new Map(Object.entries(counts[p]).flatMap(([stack, types]) => Object.entries(types).map(([type, n]) => [`${stack} ${type}`, n] as const)));
    const [resourceTypes, identicalResourceTypes] = diffRows(
      Object.fromEntries(PROFILE_NAMES.map((p) => [p, perType(p)])) as PerProfile<Map<string, number>>,
      0,
    );
    const stackNames = [...new Set(PROFILE_NAMES.flatMap((p) => Object.keys(counts[p])))].sort((a, b) => stackRank(a) - stackRank(b));
    const blocks = (p: ProfileName, stack: string) => Object.values(counts[p][stack] ?? {}).reduce((a, b) => a + b, 0);
    const stacks = stackNames.map((stack) => ({
      key: stack,
      values: Object.fromEntries(PROFILE_NAMES.map((p) => [p, blocks(p, stack)])) as PerProfile<number>,
    }));
    const total = Object.fromEntries(
      PROFILE_NAMES.map((p) => [p, stackNames.filter((s) => !SHARED_STACKS.has(s)).reduce((sum, s) => sum + blocks(p, s), 0)]),
    ) as PerProfile<number>;
    return {
      profiles: PROFILE_NAMES,
      settings: [...settings].sort((a, b) => section(a.key) - section(b.key)),
      identicalSettings,
      resources: { stacks, total },
      resourceTypes: [...resourceTypes].sort((a, b) => stackRank(a.key.split(" ")[0]) - stackRank(b.key.split(" ")[0])),
      identicalResourceTypes,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

const cell = (value: Value) => (value === null ? "—" : String(value).replace(/\|/g, "\\|"));

function table(header: readonly string[], rows: readonly (readonly Value[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

export function toMarkdown(c: Comparison): string {
  const values = <T extends Value>(row: Row<T>) => c.profiles.map((p) => row.values[p]);
  const stackLabel = (stack: string) => (SHARED_STACKS.has(stack) ? `${stack} (shared per account)` : stack);
  return [
    "## Settings that differ between profiles",
    "",
    ...table(["setting", ...c.profiles], c.settings.map((row) => [row.key, ...values(row)])),
    "",
    `${c.identicalSettings} settings are the same in all three profiles and are not shown.`,
    "",
    "## Resource blocks per stack",
    "",
    ...table(["stack", ...c.profiles], [
      ...c.resources.stacks.map((row) => [stackLabel(row.key), ...values(row)]),
      ["**total** (without shared stacks)", ...c.profiles.map((p) => c.resources.total[p])],
    ]),
    "",
    "## Resource types whose counts differ",
    "",
    ...table(["stack", "resource type", ...c.profiles], c.resourceTypes.map((row) => [...row.key.split(" "), ...values(row)])),
    "",
    `${c.identicalResourceTypes} resource types have the same count in all three profiles and are not shown.`,
    "",
  ].join("\n");
}

/** compare always covers every profile's main environment; a selector in effect is named, not silently dropped. */
export function selectorNote(env: NodeJS.ProcessEnv): string | undefined {
  const set = ["ENVIRONMENT", "ENVIRONMENT_SUFFIX"].filter((v) => env[v]).map((v) => `${v}=${env[v]}`);
  return set.length ? `compare: compares the main environments of ${PROFILE_NAMES.join(", ")}; ${set.join(" and ")} select nothing here` : undefined;
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const unknown = argv.find((arg) => arg !== "--json");
  if (unknown !== undefined) {
    process.stderr.write(`compare: unknown argument "${unknown}"; usage: npm run compare [-- --json]\n`);
    return 1;
  }
  const note = selectorNote(env);
  if (note) process.stderr.write(`${note}\n`);
  try {
    const comparison = compareProfiles();
    process.stdout.write(argv.includes("--json") ? `${JSON.stringify(comparison, null, 2)}\n` : toMarkdown(comparison));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`compare: ${error.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env);
}
