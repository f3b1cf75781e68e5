import * as fs from "node:fs";
import * as path from "node:path";
import { environmentId, Names, plannedNames, suffixLimit } from "../../config/names";
import { PROFILE_NAMES, type ProfileName } from "../../config/types";
import { stateKey, STACK_NAMES } from "../../stacks/backend";
import { configFor, synthPlatform, type Platform } from "../support/synth";

/** Top-level attributes that hold a physical name (per type where the attribute means something else elsewhere). */
const NAME_ATTRIBUTES = ["name", "name_prefix", "bucket", "alarm_name", "dashboard_name", "cluster_identifier", "identifier", "replication_group_id", "function_name", "user_id", "app_name", "deployment_group_name", "policy_name"];
const TYPED_NAME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { aws_ecs_task_definition: ["family"] };
/** Resources whose `bucket` or `name` points at another resource rather than naming a new one. */
const REFERENCE_TYPES = new Set(["aws_s3_bucket_policy", "aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_logging", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_replication_configuration", "aws_s3_bucket_notification", "aws_s3_bucket_acl"]);

/**
 * Names unique only inside a parent that is itself uniquely named: an inline policy in its role,
 * a Cloud Map service in its namespace, a private DNS namespace in its VPC (services find each
 * other as <service>.payment.local in every environment).
 */
const SCOPED_TYPES = new Set(["aws_iam_role_policy", "aws_service_discovery_service", "aws_service_discovery_private_dns_namespace"]);

/**
 * Every literal physical name a synthesized environment creates, except those of the stacks that
 * exist once per account (bootstrap; baseline, whose single owner per account validation
 * enforces) or per profile (ci: the same stack, one state key, for the profile and all its copies).
 */
function physicalNames(platform: Platform): Set<string> {
  const names = new Set<string>();
  for (const [stack, json] of Object.entries(platform)) {
    if (stack === "bootstrap" || stack === "baseline" || stack === "ci") continue;
    for (const [type, blocks] of Object.entries(json.resource ?? {})) {
      if (REFERENCE_TYPES.has(type) || SCOPED_TYPES.has(type)) continue;
      for (const body of Object.values(blocks)) {
        for (const attribute of [...NAME_ATTRIBUTES, ...(TYPED_NAME_ATTRIBUTES[type] ?? [])]) {
          const value = body[attribute];
          if (typeof value === "string" && !value.includes("${")) names.add(`${type}:${value}`);
        }
      }
    }
  }
  return names;
}

/** Environments that can share an account: main environments and copies, of every profile. */
const PAIRS: readonly [ProfileName, string][] = [
  ["dev", "dev"],
  ["dev", "pr7"],
  ["staging", "staging"],
  ["staging", "pr7"],
  ["prod", "pr7"],
];

describe("names and state keys of environments that can share an account", () => {
  const platforms = PAIRS.map(([profile, suffix]) => ({ profile, suffix, names: physicalNames(synthPlatform(configFor(profile, { ENVIRONMENT_SUFFIX: suffix }))) }));

  it("finds the names it compares (every environment creates dozens)", () => {
    for (const { names } of platforms) expect(names.size).toBeGreaterThan(40);
  });

  it.each(PAIRS.flatMap((a, i) => PAIRS.slice(i + 1).map((b) => [a.join("/"), b.join("/")])))("%s and %s share no physical name", (a, b) => {
    const [x, y] = [a, b].map((label) => platforms.find((p) => `${p.profile}/${p.suffix}` === label)!.names);
    expect([...x].filter((name) => y.has(name))).toEqual([]);
  });

  it("share no state key, and each key names its profile", () => {
    const keys = PAIRS.flatMap(([profile, suffix]) => STACK_NAMES.map((stack) => stateKey({ profile, suffix }, stack)));
    expect(new Set(keys).size).toBe(keys.length);
    expect(stateKey({ profile: "dev", suffix: "pr7" }, "network")).toBe("payment/dev/pr7/network.tfstate");
    expect(stateKey({ profile: "staging", suffix: "pr7" }, "network")).toBe("payment/staging/pr7/network.tfstate");
  });
});

describe("environment id", () => {
  it("is the profile for a main environment and <code>-<suffix> for a copy", () => {
    expect(PROFILE_NAMES.map((p) => environmentId(p, p))).toEqual([...PROFILE_NAMES]);
    expect(environmentId("dev", "pr7")).toBe("d-pr7");
    expect(environmentId("staging", "pr7")).toBe("s-pr7");
    expect(Names.main("prod").alb()).toBe("payment-alb-prod");
    expect(new Names("staging", "pr7").privateZone()).toBe("s-pr7.payment.internal");
  });

  it("gives a copy its own public host names in the profile's hosted zone", () => {
    const { domain } = configFor("staging", { ENVIRONMENT_SUFFIX: "pr7" }).edge;
    expect(domain).toEqual({ hostedZone: "payments.example.com", appDomain: "pr7.staging.payments.example.com", apiDomain: "pr7.api.staging.payments.example.com" });
    expect(configFor("staging").edge.domain!.appDomain).toBe("staging.payments.example.com");
  });

  it("never makes a copy's id equal to a main environment's or another profile's copy", () => {
    const suffixes = ["dev", "ev", "d-ev", "staging", "prod", "pr7", "s-pr7", "x"];
    const ids = PROFILE_NAMES.flatMap((p) => suffixes.filter((s) => s === p || !PROFILE_NAMES.includes(s as ProfileName)).map((s) => [`${p}/${s}`, environmentId(p, s)]));
    const byId = new Map<string, string[]>();
    for (const [env, id] of ids) byId.set(id, [...(byId.get(id) ?? []), env]);
    expect([...byId.values()].filter((envs) => envs.length > 1)).toEqual([]);
  });
});

describe("suffix limit", () => {
  it.each(PROFILE_NAMES)("%s: the longest suffix fits every planned name, one more does not", (profile) => {
    const config = configFor(profile);
    const { max } = suffixLimit(config);
    const fits = (suffix: string) => plannedNames({ ...config, suffix }).every((rule) => rule.name.length <= rule.max);
    expect(fits("a".repeat(max))).toBe(true);
    expect(fits("a".repeat(max + 1))).toBe(false);
    expect(() => configFor(profile, { ENVIRONMENT_SUFFIX: "a".repeat(max) })).not.toThrow();
    expect(() => configFor(profile, { ENVIRONMENT_SUFFIX: "a".repeat(max + 1) })).toThrow(`a copy of ${profile} takes at most ${max} `);
  });

  it("matches the limits the README states", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    for (const profile of PROFILE_NAMES) {
      expect(readme).toContain(`| ${profile} | ${suffixLimit(configFor(profile)).max} |`);
    }
  });
});
