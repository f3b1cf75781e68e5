import { Testing, type TerraformStack } from "cdktf";
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

const cache = new Map<string, Platform>();

/** Every stack of the platform for `config`, synthesized once per test file. */
export function synthPlatform(config: EnvironmentConfig): Platform {
  return synthCached(`platform:${JSON.stringify(config)}`, (app) => composePlatform(app, config));
}

/** Only the stacks nothing depends on (bootstrap and network): for tests of those alone. */
export function synthFoundation(config: EnvironmentConfig): Platform {
  return synthCached(`foundation:${JSON.stringify(config)}`, (app) => ({
    bootstrap: new BootstrapStack(app, config),
    network: new NetworkStack(app, { config }),
  }));
}

function synthCached(key: string, compose: (app: ReturnType<typeof Testing.app>) => Record<string, TerraformStack>): Platform {
  const hit = cache.get(key);
  if (hit) return hit;
  const app = Testing.app({ stackTraces: false });
  const stacks = compose(app);
  // Cross-stack references resolve in prepareStack; without it a consumer renders a broken local ref.
  Object.values(stacks).forEach((stack) => stack.prepareStack());
  const platform = Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [name, JSON.parse(Testing.synth(stack)) as TfJson]),
  );
  cache.set(key, platform);
  return platform;
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

/** Stack JSON without the terraform block (provider versions, backend), for stable snapshots. */
export function snapshotView(json: TfJson): TfJson {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { terraform, ...rest } = json;
  return rest;
}
