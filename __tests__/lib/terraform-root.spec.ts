import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPluginDir, formatDiagnostics, replaceRandomResources, RootProviders, TerraformSetupError } from "../../lib/terraform-root";

describe("findPluginDir", () => {
  it("honours TF_PLUGIN_DIR when it holds the AWS provider", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mirror-"));
    fs.mkdirSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    expect(findPluginDir({ TF_PLUGIN_DIR: dir })).toBe(dir);
  });

  it("names TF_PLUGIN_DIR when it lacks the AWS provider", () => {
    expect(() => findPluginDir({ TF_PLUGIN_DIR: "/nonexistent" })).toThrow(
      new TerraformSetupError("TF_PLUGIN_DIR=/nonexistent has no registry.terraform.io/hashicorp/aws"),
    );
  });

  it("says where it looked when no mirror exists", () => {
    expect(() => findPluginDir({}, ["/nonexistent/a", "/nonexistent/b"])).toThrow(
      "no Terraform provider mirror with registry.terraform.io/hashicorp/aws in /nonexistent/a, /nonexistent/b; set TF_PLUGIN_DIR",
    );
  });
});

describe("replaceRandomResources", () => {
  it("swaps random resources for sensitive variables and drops the random provider", () => {
    const json = {
      terraform: { required_providers: { aws: { source: "aws" }, random: { source: "random" } } },
      provider: { aws: [{}], random: [{}] },
      resource: {
        random_password: { "origin-verify": { length: 48 } },
        aws_lb_listener_rule: { api: { condition: [{ http_header: [{ values: ["${random_password.origin-verify.result}"] }] }] } },
      },
    };
    expect(replaceRandomResources(json)).toEqual(["random_password.origin-verify"]);
    expect(json.resource).toEqual({ aws_lb_listener_rule: { api: { condition: [{ http_header: [{ values: ["${var.random_password_origin_verify}"] }] }] } } });
    expect(json).toMatchObject({
      variable: { random_password_origin_verify: { type: "string", sensitive: true, default: "offline-check-only" } },
      provider: { aws: [{}] },
      terraform: { required_providers: { aws: { source: "aws" } } },
    });
    expect(json.provider).not.toHaveProperty("random");
  });

  it("leaves a stack without random resources alone", () => {
    const json = { resource: { aws_vpc: { main: {} } } };
    expect(replaceRandomResources(json)).toEqual([]);
    expect(json).toEqual({ resource: { aws_vpc: { main: {} } } });
  });
});

it("formats one line per diagnostic naming the stack", () => {
  expect(
    formatDiagnostics([
      { severity: "error", summary: "Unsupported argument", detail: "no foo", module: "dev-network", address: "aws_vpc.main" },
      { severity: "warning", summary: "Deprecated" },
    ]),
  ).toBe("error in dev-network (aws_vpc.main): Unsupported argument - no foo\nwarning in root: Deprecated");
});

describe("RootProviders", () => {
  const stack = (blocks: Record<string, unknown>[]) => ({
    terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } as Record<string, unknown> } },
    provider: { aws: blocks } as Record<string, unknown>,
  });

  it("gives identical configurations one root alias and passes each module its own", () => {
    const providers = new RootProviders((block) => ({ ...block, max_retries: 1 }));
    const dev = stack([{ region: "eu-west-1" }, { region: "us-east-1", alias: "us_east_1" }]);
    const again = stack([{ region: "eu-west-1" }]);
    expect(providers.hoist(dev)).toEqual({ aws: "aws.config_1", "aws.us_east_1": "aws.config_2" });
    expect(providers.hoist(again)).toEqual({ aws: "aws.config_1" });
    expect(dev.provider).toBeUndefined();
    expect(dev.terraform.required_providers.aws.configuration_aliases).toEqual(["aws.us_east_1"]);
    expect(providers.toJson()).toEqual({
      terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: { aws: [{ region: "eu-west-1", max_retries: 1, alias: "config_1" }, { region: "us-east-1", max_retries: 1, alias: "config_2" }] },
    });
  });

  it("leaves a stack without aws provider blocks alone and writes no root providers for it", () => {
    const providers = new RootProviders();
    expect(providers.hoist({})).toEqual({});
    expect(providers.toJson()).toEqual({});
  });
});
