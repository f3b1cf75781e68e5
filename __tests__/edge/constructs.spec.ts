import { Fn, Testing, TerraformStack } from "cdktf";
import { WafLogging } from "../../constructs/edge/waf-logging";
import { WebAcl } from "../../constructs/edge/web-acl";
import { onlyResource, type TfJson } from "../support/synth";

function synthWith(build: (stack: TerraformStack) => void): TfJson {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("WafLogging", () => {
  it("refuses a log group WAF cannot write to", () => {
    expect(() => synthWith((s) => new WafLogging(s, "logging", { webAclArn: "arn", logGroupName: "/waf/payment", kmsKeyArn: "key", retentionInDays: 30 }))).toThrow(
      /must start with aws-waf-logs-/,
    );
  });

  it("lowercases redacted header names, through Terraform when the name is a token", () => {
    const json = synthWith((s) => {
      new WafLogging(s, "logging", {
        webAclArn: "arn",
        logGroupName: "aws-waf-logs-test",
        kmsKeyArn: "key",
        retentionInDays: 30,
        redactedHeaders: ["X-Origin-Verify", Fn.upper("x-token")],
      });
    });
    expect(onlyResource(json, "aws_wafv2_web_acl_logging_configuration").redacted_fields).toEqual([
      { single_header: { name: "authorization" } },
      { single_header: { name: "x-origin-verify" } },
      { single_header: { name: '${lower(upper("x-token"))}' } },
    ]);
  });
});

describe("WebAcl", () => {
  it("counts the connecting IP unless told otherwise", () => {
    const json = synthWith((s) => new WebAcl(s, "acl", { name: "acl", scope: "REGIONAL", rateLimit: 100 }));
    const rate = onlyResource(json, "aws_wafv2_web_acl").rule[0].statement.rate_based_statement;
    expect(rate).toEqual({ limit: 100, aggregate_key_type: "IP", evaluation_window_sec: 300 });
  });
});
