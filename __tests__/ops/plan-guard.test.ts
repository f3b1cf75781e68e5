import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe as describeChange, guard, parseGuardArgs, parsePlan, PlanGuardError } from "../../lib/plan-guard";
import { STATEFUL_RESOURCE_TYPES } from "../../lib/stateful-resources";
import { findPluginDir } from "../../lib/terraform-root";
import { main } from "../../scripts/plan-guard";
import { root, runScript, tmpDir } from "./run-script";

const plan = (changes: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: changes, ...extra });
const change = (address: string, actions: string[], action_reason?: string) => ({
  address,
  mode: "managed",
  type: address.split(".").slice(-2)[0],
  change: { actions },
  ...(action_reason ? { action_reason } : {}),
});

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

function writePlan(text: string): string {
  const file = path.join(tmpDir("plan-guard"), "plan.json");
  fs.writeFileSync(file, text);
  return file;
}

describe("plan guard on unit fixtures", () => {
  it.each([
    ["delete", ["delete"], "delete"],
    ["replace, destroy first", ["delete", "create"], "replace (delete, then create)"],
    ["replace, create first", ["create", "delete"], "replace (create, then delete)"],
  ])("blocks a %s of every stateful type", (_, actions, label) => {
    const changes = Object.keys(STATEFUL_RESOURCE_TYPES).map((t) => change(`module.x.${t}.main`, actions, "replace_because_cannot_update"));
    const result = guard(parsePlan(plan(changes), "p"), []);
    expect(result.blocked.map((c) => c.type)).toEqual(Object.keys(STATEFUL_RESOURCE_TYPES));
    expect(result.blocked.every((c) => c.action === label)).toBe(true);
  });

  it("passes ordinary changes: creates, updates, no-ops, reads, and deletes of stateless resources", () => {
    const result = guard(
      parsePlan(
        plan([
          change("aws_s3_bucket.new", ["create"]),
          change("aws_rds_cluster.db", ["update"]),
          change("aws_kms_key.k", ["no-op"]),
          { ...change("data.aws_s3_bucket.logs", ["read"]), mode: "data", type: "aws_s3_bucket" },
          change("aws_ecs_service.api", ["delete", "create"], "replace_because_cannot_update"),
          change("aws_security_group_rule.r", ["delete"]),
          change("aws_s3_bucket.gone", ["forget"]),
        ]),
        "p",
      ),
      [],
    );
    expect(result.blocked).toEqual([]);
    expect(result.changes).toBe(5);
  });

  it("lets a named address through and only that one", () => {
    const changes = [change("aws_s3_bucket.a", ["delete"]), change("aws_s3_bucket.b", ["delete"])];
    const result = guard(parsePlan(plan(changes), "p"), ["aws_s3_bucket.a", "aws_s3_bucket.typo"]);
    expect(result.allowed.map((c) => c.address)).toEqual(["aws_s3_bucket.a"]);
    expect(result.blocked.map((c) => c.address)).toEqual(["aws_s3_bucket.b"]);
    expect(result.unusedAllows).toEqual(["aws_s3_bucket.typo"]);
  });

  it("names the deposed object and a missing reason", () => {
    const [blocked] = guard(parsePlan(plan([{ ...change("aws_kms_key.k", ["delete"]), deposed: "00aa" }]), "p"), []).blocked;
    expect(describeChange(blocked)).toBe("aws_kms_key.k (deposed object 00aa): delete, no action_reason given");
  });

  it("accepts a plan without changes (Terraform omits resource_changes)", () => {
    expect(guard(parsePlan(JSON.stringify({ format_version: "1.2", planned_values: {} }), "p"), [])).toMatchObject({ changes: 0, blocked: [] });
  });

  it.each([
    ["not JSON", "{", /p is not JSON/],
    ["not a plan", JSON.stringify({ hello: 1 }), /not a Terraform JSON plan/],
    ["another format", JSON.stringify({ format_version: "2.0", planned_values: {} }), /plan format 2.0/],
    ["a failed plan", plan([], { errored: true }), /failed terraform plan/],
    ["a state", JSON.stringify({ format_version: "1.0", values: {} }), /is a state, not a plan/],
    ["malformed changes", plan([{ address: "x" }]), /malformed resource_changes/],
    ["changes not a list", JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: {} }), /malformed/],
  ])("refuses %s", (_, text, message) => {
    expect(() => parsePlan(text, "p")).toThrow(PlanGuardError);
    expect(() => parsePlan(text, "p")).toThrow(message);
  });
});

describe("plan-guard command line", () => {
  it("checks its arguments and reports every problem", () => {
    expect(parseGuardArgs(["p.json", "--allow", "a.b", "--allow=c.d"])).toEqual({ planFile: "p.json", allow: ["a.b", "c.d"] });
    expect(() => parseGuardArgs([])).toThrow(/no plan file/);
    expect(() => parseGuardArgs(["a", "b"])).toThrow(/one plan file at a time/);
    const r = run(["--allow", "--x", "--allow="]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      "plan-guard: --allow needs a resource address (e.g. aws_s3_bucket.frontend)",
      "plan-guard: unknown option --x",
      "plan-guard: --allow needs a resource address (e.g. aws_s3_bucket.frontend)",
      "plan-guard: no plan file; usage: npm run plan-guard -- <plan.json> [--allow <address>]...",
    ]);
  });

  it("fails on a file it cannot read, never passes", () => {
    const missing = run(["/nonexistent/plan.json"]);
    expect(missing).toEqual({ code: 2, out: [], err: ["plan-guard: cannot read /nonexistent/plan.json: ENOENT"] });
    const empty = run([writePlan("")]);
    expect(empty.code).toBe(2);
    expect(empty.err).toEqual([expect.stringMatching(/plan.json is not JSON/)]);
  });
});

describe("plan guard on a real plan (terraform plan offline, hashicorp/aws 5.100.0)", () => {
  let planJson: string;

  beforeAll(() => {
    const dir = tmpDir("replace-plan");
    const fixture = path.join(root, "__tests__", "fixtures", "replace-plan");
    // The seed state is committed under another name: *.tfstate is git-ignored.
    fs.copyFileSync(path.join(fixture, "main.tf.json"), path.join(dir, "main.tf.json"));
    fs.copyFileSync(path.join(fixture, "seed.tfstate.json"), path.join(dir, "terraform.tfstate"));
    // No network: the provider's few calls during plan go to a closed port and fail fast.
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null", HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9" };
    const tf = (...args: string[]) => execFileSync("terraform", [`-chdir=${dir}`, ...args], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    tf("init", "-input=false", "-no-color", `-plugin-dir=${findPluginDir()}`);
    tf("plan", "-refresh=false", "-lock=false", "-input=false", "-no-color", "-out=plan.bin");
    planJson = path.join(dir, "plan.json");
    fs.writeFileSync(planJson, tf("show", "-json", "plan.bin"));
  }, 60_000);

  it("blocks the replaced queue and bucket and the deleted queue, one line each, and exits 1", () => {
    const r = run([planJson]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      "blocked aws_s3_bucket.archive: replace (create, then delete), replace_because_cannot_update",
      "blocked aws_sqs_queue.orders: replace (delete, then create), replace_because_cannot_update",
      "blocked aws_sqs_queue.retired: delete, delete_because_no_resource_config",
      `plan-guard: 3 blocked change(s) in ${planJson}; pass --allow <address> for each one you mean`,
    ]);
  });

  it("passes the plan once every blocked address is allowed; the topic replace and log group update pass anyway", async () => {
    const allow = ["aws_s3_bucket.archive", "aws_sqs_queue.orders", "aws_sqs_queue.retired"].flatMap((a) => ["--allow", a]);
    // Through npm's command, as CI runs it.
    const r = await runScript("plan-guard", [planJson, ...allow], {});
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      "allowed aws_s3_bucket.archive: replace (create, then delete), replace_because_cannot_update",
      "allowed aws_sqs_queue.orders: replace (delete, then create), replace_because_cannot_update",
      "allowed aws_sqs_queue.retired: delete, delete_because_no_resource_config",
      `plan-guard: ${planJson}: 5 change(s), no unallowed delete or replace of a stateful resource`,
    ]);
    const partial = await runScript("plan-guard", [planJson, "--allow", "aws_sqs_queue.orders"], {});
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain("blocked aws_sqs_queue.retired");
    expect(partial.stderr).not.toContain("blocked aws_sqs_queue.orders");
  }, 30_000);
});

describe("the stateful type list", () => {
  // @cdktf/provider-aws 20.1.0 is generated from the hashicorp/aws 5.100.0 schema: each resource
  // module records its Terraform type, so a misspelt or removed type has no module.
  const providerLib = path.join(root, "node_modules", "@cdktf", "provider-aws", "lib");
  it.each(Object.keys(STATEFUL_RESOURCE_TYPES))("%s is a resource of hashicorp/aws 5.100.0", (type) => {
    const module = path.join(providerLib, type.replace(/^aws_/, "").replace(/_/g, "-"), "index.js");
    expect(fs.readFileSync(module, "utf8")).toContain(`.tfResourceType = "${type}";`);
  });
});
