import { Testing, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { loadConfig, type Env } from "../../config/load";
import type { EnvironmentConfig, ProfileConfig, ProfileName } from "../../config/types";
import { composePlatform } from "../../main";
import { BootstrapStack } from "../../stacks/bootstrap";
import { NetworkStack } from "../../stacks/network";

/** The synthesized Terraform JSON of one stack. */
export interface TfJson {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly provider?: Record<string, Record<string, any>[]>;
  readonly terraform?: Record<string, any>;
  readonly variable?: Record<string, unknown>;
  readonly locals?: Record<string, unknown>;
}

export type Platform = Readonly<Record<string, TfJson>>;

/** A validated config for a profile, as `main.ts` would load it. */
export function configFor(profile: ProfileName, env: Env = {}, override?: (p: ProfileConfig) => ProfileConfig): EnvironmentConfig {
  const base = loadConfig({ env: { ENVIRONMENT: profile, ...env } });
  return override ? loadConfig({ env: { ENVIRONMENT: profile, ...env }, profile: override(base) }) : base;
}

const memo = new Map<string, unknown>();

/** `build()` once per key in this Jest module registry (a test file, or an area's specs together). */
export function memoize<T>(key: string, build: () => T): T {
  if (!memo.has(key)) memo.set(key, build());
  return memo.get(key) as T;
}

export const testApp = () => Testing.app({ stackTraces: false });

/** Synthesizes stacks of one app, each to its Terraform JSON. */
export function synthStacks<K extends string>(stacks: Readonly<Partial<Record<K, TerraformStack>>>): Record<K, TfJson> {
  // A stack the app leaves out (the baseline of a copy) is simply absent.
  const all = (Object.entries(stacks) as [K, TerraformStack | undefined][]).filter((entry): entry is [K, TerraformStack] => entry[1] !== undefined);
  // Cross-stack references resolve in prepareStack; without it a consumer renders a broken local ref.
  all.forEach(([, stack]) => stack.prepareStack());
  return Object.fromEntries(all.map(([name, stack]) => [name, JSON.parse(Testing.synth(stack)) as TfJson])) as Record<K, TfJson>;
}

/** Every stack of the platform for `config`, synthesized once per registry. */
export function synthPlatform(config: EnvironmentConfig): Platform {
  return memoize(`platform:${JSON.stringify(config)}`, () => synthStacks(composePlatform(testApp(), config)));
}

/** Only the stacks nothing depends on (bootstrap and network): for tests of those alone. */
export function synthFoundation(config: EnvironmentConfig): Platform {
  return memoize(`foundation:${JSON.stringify(config)}`, () => {
    const app = testApp();
    return synthStacks({ bootstrap: new BootstrapStack(app, config), network: new NetworkStack(app, { config }) });
  });
}

/** A value or list as a list (Terraform JSON blocks and policy fields may be either). */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : ([] as T[]).concat(value);
}

/** All resources of `type` in a stack, as [name, body] pairs. */
export function resourcesOf(json: TfJson, type: string): [string, Record<string, any>][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The one resource of `type`; fails when there are none or several. */
export function onlyResource(json: TfJson, type: string): Record<string, any> {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0][1];
}

/** The bucket whose name starts with `prefix` and the one resource of each bucket-attached type that configures it. */
export function bucketNamed(json: TfJson, prefix: string): { bucket: Record<string, any>; attached: (type: string) => Record<string, any> } {
  const found = resourcesOf(json, "aws_s3_bucket").filter(([, body]) => String(body.bucket).startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one bucket named ${prefix}*, found ${found.length}`);
  const [name, bucket] = found[0];
  const attached = (type: string) => {
    const all = resourcesOf(json, type).filter(([, body]) => String(body.bucket ?? "").includes(`aws_s3_bucket.${name}.`));
    if (all.length !== 1) throw new Error(`expected one ${type} of bucket ${prefix}*, found ${all.length}`);
    return all[0][1];
  };
  return { bucket, attached };
}

/** Stack JSON without the terraform block (provider versions, backend), for stable snapshots. */
export function snapshotView(json: TfJson): TfJson {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { terraform, ...rest } = json;
  return rest;
}

/** One construct synthesized alone (`Testing.synthScope`), as Terraform JSON. */
export function synthConstruct(build: (scope: Construct) => void): TfJson {
  return JSON.parse(Testing.synthScope(build)) as TfJson;
}
