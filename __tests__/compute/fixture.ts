import type { EnvironmentConfig, ServiceConfig } from "../../config/types";
import { ComputeStack } from "../../stacks/compute";
import { NetworkStack } from "../../stacks/network";
import { fakeData } from "../support/fakes";
import { asList, configFor, memoize, resourcesOf, synthStacks, testApp, type TfJson } from "../support/synth";

export { asList, fakeData };

/** The synthesized compute stack for `config`, wired to the real network stack and fake data outputs. */
export function synthCompute(config: EnvironmentConfig): TfJson {
  return synthNetworkAndCompute(config).compute;
}

/** Both stacks of `synthCompute`, for tests that follow a service into its security group rules. */
export function synthNetworkAndCompute(config: EnvironmentConfig): { network: TfJson; compute: TfJson } {
  return memoize(`compute:${JSON.stringify(config)}`, () => {
    const app = testApp();
    const network = new NetworkStack(app, { config });
    const compute = new ComputeStack(app, { config, network: network.outputs, data: fakeData(config) });
    return synthStacks({ network, compute });
  });
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

/** Every IAM policy statement of the stack (customer-managed policies), with the policy it came from. */
export function iamStatements(json: TfJson): { policy: string; statement: Record<string, any> }[] {
  return resourcesOf(json, "aws_iam_policy").flatMap(([key, body]) =>
    (JSON.parse(body.policy).Statement as Record<string, any>[]).map((statement) => ({ policy: key, statement })),
  );
}

/** Keys of the customer-managed policies attached to the role named `roleName`. */
export function policiesOfRole(json: TfJson, roleName: string): string[] {
  const role = find(json, "aws_iam_role", (r) => r.name === roleName);
  return resourcesOf(json, "aws_iam_role_policy_attachment")
    .filter(([, a]) => a.role === ref("aws_iam_role", role.key, "name"))
    .map(([, a]) => /^\$\{aws_iam_policy\.(.+)\.arn\}$/.exec(a.policy_arn)?.[1] ?? a.policy_arn);
}

/** The statements of every policy attached to the role named `roleName`. */
export function roleStatements(json: TfJson, roleName: string): Record<string, any>[] {
  const keys = policiesOfRole(json, roleName);
  return iamStatements(json).filter((s) => keys.includes(s.policy)).map((s) => s.statement);
}
