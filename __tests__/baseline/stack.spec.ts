import { baselineRegions, deploysBaseline } from "../../config/derived";
import { PROFILE_NAMES } from "../../config/types";
import { composePlatform } from "../../main";
import { BaselineStack } from "../../stacks/baseline";
import { backendConfig } from "../../stacks/base";
import { configFor, onlyResource, resourcesOf, synthStacks, testApp } from "../support/synth";

describe.each(PROFILE_NAMES)("baseline stack (%s)", (profile) => {
  const config = configFor(profile);
  const { baseline: json } = synthStacks({ baseline: new BaselineStack(testApp(), { config }) });
  const regions = baselineRegions(config);

  it("keeps its state beside the environment's other stacks", () => {
    expect(json.terraform!.backend!.s3).toMatchObject({ key: backendConfig(config, "baseline").key, encrypt: true });
  });

  it("covers the profile's region, us-east-1 and the configured extra regions with one provider each", () => {
    expect(regions).toEqual([...new Set([config.region, "us-east-1", ...config.baseline.additionalRegions])]);
    expect(json.provider!.aws.map((p: any) => p.region).sort()).toEqual([...regions].sort());
    for (const type of ["aws_guardduty_detector", "aws_config_configuration_recorder", "aws_securityhub_account", "aws_accessanalyzer_analyzer", "aws_sns_topic"]) {
      expect(resourcesOf(json, type)).toHaveLength(regions.length);
    }
  });

  it("records global resources in the home region only and aggregates findings there", () => {
    const recorders = resourcesOf(json, "aws_config_configuration_recorder").map(([, r]) => r);
    expect(recorders.filter((r) => r.recording_group.include_global_resource_types)).toEqual([expect.objectContaining({ provider: "aws" })]);
    expect(onlyResource(json, "aws_securityhub_finding_aggregator").specified_regions).toEqual(regions.slice(1));
  });

  it("retains the audit bucket under Object Lock only when protected, and keeps logs the profile's retention", () => {
    const audit = resourcesOf(json, "aws_s3_bucket").find(([, b]) => String(b.bucket).startsWith(`payment-audit-${profile}-`))![1];
    expect(audit.force_destroy).toBe(!config.protection);
    expect(Boolean(audit.object_lock_enabled)).toBe(config.protection);
    expect(resourcesOf(json, "aws_s3_bucket_object_lock_configuration")).toHaveLength(config.protection ? 1 : 0);
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ name: `/aws/cloudtrail/payment-trail-${profile}`, retention_in_days: config.logRetentionDays });
  });

  it("creates the AWS Config service-linked role once for the account", () => {
    expect(onlyResource(json, "aws_iam_service_linked_role").aws_service_name).toBe("config.amazonaws.com");
  });
});

it("links no region when the baseline covers only us-east-1", () => {
  const config = configFor("prod", {}, (p) => ({ ...p, baseline: { ...p.baseline, additionalRegions: [] } }));
  const { baseline: json } = synthStacks({ baseline: new BaselineStack(testApp(), { config }) });
  expect(resourcesOf(json, "aws_securityhub_finding_aggregator")).toEqual([]);
  expect(resourcesOf(json, "aws_guardduty_detector")).toHaveLength(1);
});

describe("who owns the baseline", () => {
  it("is each profile's main environment, never a per-branch copy, nor a profile that turns it off", () => {
    expect(PROFILE_NAMES.filter((p) => deploysBaseline(configFor(p)))).toEqual(PROFILE_NAMES.filter((p) => configFor(p).baseline.enabled));
    expect(deploysBaseline(configFor("dev", { ENVIRONMENT_SUFFIX: "pr7" }))).toBe(false);
    expect(deploysBaseline(configFor("staging", {}, (p) => ({ ...p, baseline: { ...p.baseline, enabled: false } })))).toBe(false);
  });

  it("leaves the baseline stack out of a copy's app", () => {
    const stacks = composePlatform(testApp(), configFor("dev", { ENVIRONMENT_SUFFIX: "pr7" }));
    expect(Object.entries(stacks).filter(([, s]) => s).map(([name]) => name)).toEqual(["bootstrap", "ci", "network", "data", "compute", "edge"]);
  });

  it("covers the regions of the profiles sharing the account", () => {
    const config = configFor("prod");
    expect(baselineRegions({ ...config, baseline: { ...config.baseline, covers: ["dev"] } })).toEqual(["us-east-1", "eu-west-1", "us-west-2"]);
  });
});
