import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { root } from "./run-script";

/** Lint of .github/workflows: pinning, scripts that exist, OIDC only, locking, deploy order. */

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: { group: string; "cancel-in-progress"?: boolean } | string;
  readonly environment?: string;
  readonly steps?: Step[];
  readonly if?: string;
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

describe("GitHub workflows", () => {
  it("has the pull-request, deploy and preview workflows", () => {
    expect(files).toEqual(expect.arrayContaining(["pull-request.yml", "deploy.yml", "_deploy-environment.yml", "preview.yml", "preview-destroy.yml"]));
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

  it("gets AWS credentials only from OIDC roles held in variables, never from keys", () => {
    for (const file of files) {
      expect(text[file]).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-session-token/i);
      for (const [name, job] of jobsOf(file)) {
        const credentials = (job.steps ?? []).filter((s) => s.uses?.startsWith(`${AWS_CREDENTIALS}@`));
        const callsOidc = job.uses !== undefined && isLocal(job.uses) && usesOidc(localTarget(job.uses));
        if (credentials.length === 0 && !callsOidc) continue;
        expect({ file, name, permissions: job.permissions }).toEqual({ file, name, permissions: expect.objectContaining({ "id-token": "write" }) });
        for (const step of credentials) expect(step.with?.["role-to-assume"]).toMatch(/^\$\{\{ vars\.AWS_(DIFF|DEPLOY)_ROLE_ARN \}\}$/);
      }
    }
    expect(files.filter(usesOidc)).toEqual(expect.arrayContaining(["pull-request.yml", "_deploy-environment.yml"]));
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

  it("deploys network data compute edge and destroys in the reverse order", () => {
    const commands = allRuns().flatMap((run) => [...run.matchAll(/cdktf (deploy|destroy|diff)\s+((?:[a-z"$]+\s*)+)/g)].map((m) => [m[1], m[2]] as const));
    const stacks = (kind: string) => commands.filter(([k]) => k === kind).map(([, s]) => s.trim().split(/\s+/));
    expect(stacks("deploy").length).toBeGreaterThan(0);
    expect(stacks("destroy").length).toBeGreaterThan(0);
    for (const s of stacks("deploy")) expect(s).toEqual(["network", "data", "compute", "edge"]);
    for (const s of stacks("destroy")) expect(s).toEqual(["edge", "compute", "data", "network"]);
    const diffLoops = runs("pull-request.yml").filter((r) => r.includes("cdktf diff"));
    expect(diffLoops).toEqual([expect.stringContaining("for stack in network data compute edge; do")]);
  });
});
