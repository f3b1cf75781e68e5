import * as fs from "node:fs";
import * as path from "node:path";
import { planResult, readPlans, summarize } from "../../scripts/plan-summary";
import { runScript, tmpDir } from "./run-script";

const NETWORK_DIFF = [
  "network  Initializing the backend...",
  "network  Terraform will perform the following actions:",
  "network    # aws_nat_gateway.vpc_nat-us-east-1b_1A2B3C4D will be created",
  "network  Plan: 2 to add, 1 to change, 0 to destroy.",
].join("\n");

describe("planResult", () => {
  it.each([
    [{ stack: "network", exitCode: 0, output: NETWORK_DIFF }, "Plan: 2 to add, 1 to change, 0 to destroy."],
    [{ stack: "data", exitCode: 0, output: "data  No changes. Your infrastructure matches the configuration." }, "No changes."],
    [{ stack: "edge", exitCode: 0, output: "\u001b[1medge  Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.\u001b[0m" }, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."],
    [{ stack: "compute", exitCode: 1, output: "compute  Error: reading ECS Cluster: AccessDenied\n" }, "**failed** (exit 1): reading ECS Cluster: AccessDenied"],
    [{ stack: "edge", exitCode: null, output: "" }, "not run"],
  ])("%j -> %s", (plan, expected) => {
    expect(planResult(plan)).toBe(expected);
  });
});

describe("summarize", () => {
  const plans = [
    { stack: "network", exitCode: 0, output: NETWORK_DIFF },
    { stack: "data", exitCode: 0, output: "a ``` fence inside\nNo changes." },
  ];

  it("puts one line per stack in a table and each full plan in a collapsed block", () => {
    const markdown = summarize("cdktf diff: dev", plans);
    expect(markdown).toContain("| network | Plan: 2 to add, 1 to change, 0 to destroy. |");
    expect(markdown).toContain("| data | No changes. |");
    expect(markdown).toContain("<details>\n<summary>network: full plan</summary>\n\n```text\n" + NETWORK_DIFF + "\n```\n");
    // A plan containing ``` cannot close the fence early.
    expect(markdown).toContain("````text\na ``` fence inside\nNo changes.\n````");
  });

  it("leaves the plans out in brief mode", () => {
    const markdown = summarize("cdktf diff: dev", plans, true);
    expect(markdown).toContain("| network | Plan: 2 to add, 1 to change, 0 to destroy. |");
    expect(markdown).not.toContain("<details>");
  });
});

describe("plan-summary as a command", () => {
  it("reads <stack>.log and <stack>.exit, prints the summary and exits 1 when a diff failed", async () => {
    const dir = tmpDir("plans");
    fs.writeFileSync(path.join(dir, "network.log"), NETWORK_DIFF);
    fs.writeFileSync(path.join(dir, "network.exit"), "0\n");
    fs.writeFileSync(path.join(dir, "data.log"), "data  Error: No valid credential sources found\n");
    fs.writeFileSync(path.join(dir, "data.exit"), "1\n");
    expect(readPlans(dir, ["network", "data", "compute"]).map((p) => p.exitCode)).toEqual([0, 1, null]);
    const { code, stdout } = await runScript("plan-summary", [dir, "network", "data", "compute", "--brief"], { ENVIRONMENT: "dev" });
    expect(code).toBe(1);
    expect(stdout.split("\n").slice(0, 7)).toEqual([
      "### cdktf diff: dev",
      "",
      "| stack | plan |",
      "|---|---|",
      "| network | Plan: 2 to add, 1 to change, 0 to destroy. |",
      "| data | **failed** (exit 1): No valid credential sources found |",
      "| compute | not run |",
    ]);
  }, 30_000);
});
