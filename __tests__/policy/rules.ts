import type { EnvironmentConfig } from "../../config/types";
import { asList, type Platform, type TfJson } from "../support/synth";

export { WILDCARD_RESOURCE_ACTIONS } from "../../constructs/iam";

/**
 * Security policy over the synthesized JSON: data-driven rules over every resource of a
 * type, never over named resources. Each violation names the stack, the resource and the
 * rule. help/security.md maps each rule to the PCI DSS requirement it serves.
 */

export interface Resource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, any>;
}

export interface Rule {
  readonly id: string;
  readonly description: string;
  /** Returns violations as "<stack>/<type>.<name>: <what is wrong>". */
  readonly check: (platform: PlatformView) => string[];
}

export class PlatformView {
  readonly resources: readonly Resource[];

  constructor(
    readonly platform: Platform,
    readonly config: EnvironmentConfig,
  ) {
    this.resources = Object.entries(platform).flatMap(([stack, json]) =>
      Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, body]) => ({ stack, type, name, body })),
      ),
    );
  }

  ofType(...types: string[]): Resource[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /** Resources of `type` whose `attribute` references `target` (e.g. a bucket's encryption config). */
  referencing(type: string, attribute: string, target: Resource): Resource[] {
    const ref = `${target.type}.${target.name}.`;
    return this.ofType(type).filter((r) => r.stack === target.stack && String(r.body[attribute] ?? "").includes(ref));
  }

  get stacks(): [string, TfJson][] {
    return Object.entries(this.platform);
  }
}

/** The region a resource is created in: its provider alias's region, else the stack's default provider's. */
export function regionOf(view: PlatformView, r: Resource): string | undefined {
  const providers = asList(view.platform[r.stack]?.provider?.aws as any[] | undefined);
  // "aws.<alias>" names an aliased provider; absent or plain "aws" is the default one.
  const alias = typeof r.body.provider === "string" ? r.body.provider.replace(/^aws\.?/, "") || undefined : undefined;
  return providers.find((p) => (alias ? p.alias === alias : !p.alias))?.region;
}

/**
 * The resource of `type` a reference points at: same stack (`${type.name.attr}`) or another
 * stack through CDKTF's cross-stack output (`...input-<stack>.outputs.cross-stack-output-<type><name><attr>`).
 */
export function referencedResource(view: PlatformView, from: Resource, value: unknown, type: string): Resource | undefined {
  const text = String(value ?? "");
  const local = text.match(new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`));
  if (local) return view.ofType(type).find((r) => r.stack === from.stack && r.name === local[1]);
  const remote = text.match(/cross-stack-reference-input-([^.]+)\.outputs\.cross-stack-output-([^}]+)\}/);
  if (remote) return view.ofType(type).find((r) => r.stack === remote[1] && remote[2].startsWith(`${type}${r.name}`));
  return view.ofType(type).find((r) => r.body.bucket === text || r.body.name === text);
}

export function label(r: Resource): string {
  return `${r.stack}/${r.type}.${r.name}`;
}

/** A reference into another stack or a not-yet-known value: cannot be judged from synthesis. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

/** Every policy document in the platform, parsed, with where it came from. */
export function policyDocuments(view: PlatformView): { owner: Resource; attribute: string; statements: Statement[] }[] {
  const attributes: Record<string, string[]> = {
    aws_iam_role: ["assume_role_policy"],
    aws_iam_role_policy: ["policy"],
    aws_iam_policy: ["policy"],
    aws_kms_key: ["policy"],
    aws_kms_key_policy: ["policy"],
    aws_s3_bucket_policy: ["policy"],
    aws_sqs_queue_policy: ["policy"],
    aws_sqs_queue: ["redrive_policy", "redrive_allow_policy"],
    aws_sns_topic_policy: ["policy"],
    aws_ecr_repository_policy: ["policy"],
    aws_cloudwatch_log_resource_policy: ["policy_document"],
    aws_secretsmanager_secret_policy: ["policy"],
  };
  return Object.entries(attributes).flatMap(([type, attrs]) =>
    view.ofType(type).flatMap((owner) =>
      attrs
        .filter((attribute) => typeof owner.body[attribute] === "string" && owner.body[attribute].trim().startsWith("{"))
        .map((attribute) => {
          const doc = JSON.parse(owner.body[attribute]);
          const statements = doc.Statement === undefined ? [] : ([] as Statement[]).concat(doc.Statement);
          return { owner, attribute, statements };
        }),
    ),
  );
}

export { asList as list };
