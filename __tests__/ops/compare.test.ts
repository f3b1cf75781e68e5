import { loadConfig } from "../../config/load";
import { PROFILE_NAMES } from "../../config/types";
import { compareProfiles, flattenConfig, selectorNote, toMarkdown, type Comparison } from "../../scripts/compare";
import { runScript } from "./run-script";

let comparison: Comparison;
beforeAll(() => {
  comparison = compareProfiles();
});

const row = (key: string) => comparison.settings.find((r) => r.key === key);

describe("compareProfiles", () => {
  it("lists the known differences between dev, staging and prod", () => {
    expect(comparison.profiles).toEqual(["dev", "staging", "prod"]);
    expect(row("region")?.values).toEqual({ dev: "eu-west-1", staging: "us-west-2", prod: "us-east-1" });
    expect(row("network.natStrategy")?.values).toEqual({ dev: "single", staging: "single", prod: "per-az" });
    expect(row("network.vpcCidr")?.values).toEqual({ dev: "10.0.0.0/16", staging: "10.1.0.0/16", prod: "10.2.0.0/16" });
    expect(row("protection")?.values).toEqual({ dev: false, staging: false, prod: true });
    expect(row("compute.services.api-gateway.desiredCount")?.values).toEqual({ dev: 1, staging: 3, prod: 3 });
    expect(row("edge.domain.apiDomain")?.values).toEqual({ dev: null, staging: "api.staging.payments.example.com", prod: "api.payments.example.com" });
  });

  it("omits every setting that is the same in all three profiles and counts them", () => {
    for (const r of comparison.settings) {
      expect(new Set(PROFILE_NAMES.map((p) => JSON.stringify(r.values[p]))).size).toBeGreaterThan(1);
    }
    expect(row("database.engineVersion")).toBeUndefined();
    expect(row("compute.services.api-gateway.healthCheckPath")).toBeUndefined();
    const allKeys = new Set(PROFILE_NAMES.flatMap((p) => [...flattenConfig(loadConfig({ env: { ENVIRONMENT: p } })).keys()]));
    expect(comparison.identicalSettings).toBe(allKeys.size - comparison.settings.length);
    expect(comparison.identicalSettings).toBeGreaterThan(10);
  });

  it("counts resource blocks per synthesized stack, the total leaving out the shared bootstrap stack", () => {
    const stacks = Object.fromEntries(comparison.resources.stacks.map((r) => [r.key, r.values]));
    expect(Object.keys(stacks)).toEqual(expect.arrayContaining(["network", "bootstrap"]));
    expect(stacks.bootstrap.dev).toBe(stacks.bootstrap.prod);
    for (const p of PROFILE_NAMES) {
      const sum = comparison.resources.stacks.filter((r) => r.key !== "bootstrap").reduce((n, r) => n + r.values[p], 0);
      expect(comparison.resources.total[p]).toBe(sum);
    }
    const nat = comparison.resourceTypes.find((r) => r.key === "network aws_nat_gateway");
    expect(nat?.values).toEqual({ dev: 1, staging: 1, prod: 3 });
    expect(comparison.resourceTypes.find((r) => r.key === "network aws_vpc")).toBeUndefined();
  });

  it("renders Markdown tables with a dash for an absent value", () => {
    const markdown = toMarkdown(comparison);
    expect(markdown).toContain("| setting | dev | staging | prod |");
    expect(markdown).toContain("| network.natStrategy | single | single | per-az |");
    expect(markdown).toContain("| edge.domain.hostedZone | — | payments.example.com | payments.example.com |");
    expect(markdown).toContain(`${comparison.identicalSettings} settings are the same in all three profiles and are not shown.`);
    expect(markdown).toContain("| network | aws_nat_gateway | 1 | 1 | 3 |");
  });
});

describe("flattenConfig", () => {
  it("keys services by name, joins lists and leaves out environment-only fields", () => {
    const flat = flattenConfig(loadConfig({ env: { ENVIRONMENT: "dev", PR_NUMBER: "12" } }));
    expect(flat.get("compute.services.fraud-detector.maxCapacity")).toBe(3);
    expect(flat.get("compute.services.api-gateway.albPathPatterns")).toBe("/api/*, /webhook/*");
    expect(flat.get("network.availabilityZones")).toBe("eu-west-1a, eu-west-1b, eu-west-1c");
    expect([...flat.keys()].filter((k) => /^(suffix|state|ownershipTags|profile)\b/.test(k))).toEqual([]);
    expect(flat.has("compute.services.api-gateway.name")).toBe(false);
  });
});

describe("npm run compare as a command", () => {
  it("rejects an unknown argument in one line", async () => {
    const { code, stdout, stderr } = await runScript("compare", ["--yaml"], {});
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe('compare: unknown argument "--yaml"; usage: npm run compare [-- --json]\n');
  }, 30_000);
});

describe("compare and the environment selectors", () => {
  it("names a selector in effect instead of silently dropping it", () => {
    expect(selectorNote({})).toBeUndefined();
    expect(selectorNote({ ENVIRONMENT: "prod", ENVIRONMENT_SUFFIX: "pr7" })).toBe(
      "compare: compares the main environments of dev, staging, prod; ENVIRONMENT=prod and ENVIRONMENT_SUFFIX=pr7 select nothing here",
    );
  });
});
