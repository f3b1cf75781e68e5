import * as fs from "node:fs";
import * as path from "node:path";
import { PROFILE_NAMES } from "../../config/types";
import { configFor, synthPlatform } from "../support/synth";

/** Names users of the earlier Pulumi versions of this platform script against. */
const PULUMI_ERA_OUTPUTS = [
  "vpc_id",
  "alb_url",
  "cloudfront_url",
  "database_cluster_endpoint",
  "ecs_cluster_name",
  "frontend_bucket_name",
  "service_names",
  "service_discovery_namespace",
  "db_secret_arn",
  "ecr_repository_urls",
];

it.each(PROFILE_NAMES)("%s publishes every output the Pulumi versions did, none of them sensitive", (profile) => {
  const platform = synthPlatform(configFor(profile));
  const outputs = Object.values(platform).flatMap((json) => Object.entries(json.output ?? {}));
  const names = outputs.map(([name]) => name);
  expect(names).toEqual(expect.arrayContaining(PULUMI_ERA_OUTPUTS));
  for (const [name, output] of outputs.filter(([n]) => PULUMI_ERA_OUTPUTS.includes(n))) {
    expect({ name, sensitive: output.sensitive ?? false }).toEqual({ name, sensitive: false });
  }
});

it("lists in the README's Outputs table exactly the user-facing outputs of each stack", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Outputs\n"));
  const documented = Object.fromEntries(
    [...table.slice(0, table.indexOf("\n\n", table.indexOf("|---"))).matchAll(/^\| `([\w-]+)` \| (.+) \|$/gm)].map((m) => [
      m[1],
      [...m[2].matchAll(/`(\w+)`/g)].map((n) => n[1]).sort(),
    ]),
  );
  const synthesized: Record<string, Set<string>> = {};
  for (const profile of PROFILE_NAMES) {
    for (const [stack, json] of Object.entries(synthPlatform(configFor(profile)))) {
      for (const [name, output] of Object.entries(json.output ?? {})) {
        if (!output.sensitive) (synthesized[stack] ??= new Set()).add(name);
      }
    }
  }
  expect(documented).toEqual(Object.fromEntries(Object.entries(synthesized).map(([stack, names]) => [stack, [...names].sort()])));
});
