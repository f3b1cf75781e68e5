import { Testing } from "cdktf";
import type { EnvironmentConfig, ServiceConfig } from "../../config/types";
import { ComputeStack } from "../../stacks/compute";
import { NetworkStack } from "../../stacks/network";
import { fakeData } from "../support/fakes";
import { configFor, resourcesOf, type TfJson } from "../support/synth";

export { fakeData };

const cache = new Map<string, TfJson>();

/** The synthesized compute stack for `config`, wired to the real network stack and fake data outputs. */
export function synthCompute(config: EnvironmentConfig): TfJson {
  const key = JSON.stringify(config);
  const hit = cache.get(key);
  if (hit) return hit;
  const app = Testing.app({ stackTraces: false });
  const network = new NetworkStack(app, { config });
  const compute = new ComputeStack(app, { config, network: network.outputs, data: fakeData(config) });
  [network, compute].forEach((stack) => stack.prepareStack());
  const json = JSON.parse(Testing.synth(compute)) as TfJson;
  cache.set(key, json);
  return json;
}

/** A fourth, internal service added by configuration only. */
export const LEDGER: ServiceConfig = {
  name: "ledger",
  cpu: 512,
  memory: 1024,
  containerPort: 8080,
  imageTag: "2.3.1",
  desiredCount: 1,
  minCapacity: 1,
  maxCapacity: 4,
  healthCheckPath: "/healthz",
  queueAccess: "none",
  usesApiKeys: false,
};

export function withLedger(profile: "dev" | "staging" | "prod"): EnvironmentConfig {
  return configFor(profile, {}, (p) => ({ ...p, compute: { ...p.compute, services: [...p.compute.services, LEDGER] } }));
}

export const PROFILES = ["dev", "staging", "prod"] as const;

/** The one resource of `type` matching `where`, with its key; fails on none or several. */
export function find(json: TfJson, type: string, where: (body: Record<string, any>) => boolean): { key: string; body: Record<string, any> } {
  const hits = resourcesOf(json, type).filter(([, body]) => where(body));
  if (hits.length !== 1) throw new Error(`expected one ${type} matching, found ${hits.length}`);
  return { key: hits[0][0], body: hits[0][1] };
}

/** `${type.key.attr}` as CDKTF renders a reference. */
export function ref(type: string, key: string, attr: string): string {
  return `\${${type}.${key}.${attr}}`;
}

/** Every IAM policy statement of the stack (inline role policies), with the policy it came from. */
export function iamStatements(json: TfJson): { policy: string; statement: Record<string, any> }[] {
  return resourcesOf(json, "aws_iam_role_policy").flatMap(([key, body]) =>
    (JSON.parse(body.policy).Statement as Record<string, any>[]).map((statement) => ({ policy: key, statement })),
  );
}

export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
