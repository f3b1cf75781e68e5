import * as fs from "node:fs";
import * as path from "node:path";
import { KNOWN_STACKS, staleReason } from "../../lib/ops-synth";
import { describeBackend, firstError, parseStateArgs, pluginDirFor, runState, StateError, type StateDeps, type TerraformRunner } from "../../scripts/state";
import { runScript, tmpDir } from "./run-script";

const ONE_HOUR_AHEAD = Date.now() / 1000 + 3600;

/** Writes a synthesized stack as main.ts would, newer than every source file. */
function writeStack(outdir: string, stack: string, backend: Record<string, unknown>) {
  const dir = path.join(outdir, "stacks", stack);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "cdk.tf.json");
  fs.writeFileSync(file, JSON.stringify({ terraform: { backend } }));
  fs.utimesSync(file, ONE_HOUR_AHEAD, ONE_HOUR_AHEAD);
}

const devBackend = (stack: string) => ({
  s3: { bucket: "payment-platform-tfstate", key: `payment/dev/dev/${stack}.tfstate`, region: "us-east-1", encrypt: true },
});

interface Call {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly capture: boolean;
}

function fakeDeps(outdir: string, results: { init?: number; initStderr?: string; command?: number } = {}) {
  const calls: Call[] = [];
  const synths: number[] = [];
  const logged: string[] = [];
  const terraform: TerraformRunner = (args, cwd, capture) => {
    calls.push({ args, cwd, capture });
    if (args[0] === "init") return { status: results.init ?? 0, stderr: results.initStderr ?? "" };
    return { status: results.command ?? 0, stderr: "" };
  };
  const deps: StateDeps = {
    // An empty mirror: the lookup of lib/terraform-root.ts finds it, the stacks need nothing.
    env: { ENVIRONMENT: "dev", CDKTF_OUTDIR: outdir, TF_PLUGIN_DIR: emptyMirror() },
    log: (line) => logged.push(line),
    terraform,
    synthesize: () => {
      synths.push(1);
      writeStack(outdir, "network", devBackend("network"));
      return 0;
    },
  };
  return { deps, calls, synths, logged };
}

/** A provider mirror holding only the aws provider's folder. */
function emptyMirror(): string {
  const dir = tmpDir("mirror");
  fs.mkdirSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
  return dir;
}

describe("parseStateArgs", () => {
  const stacks = KNOWN_STACKS;

  it.each([
    [["network", "list"], { stack: "network", command: "list" }],
    [["data", "pull"], { stack: "data", command: "pull" }],
    [["bootstrap", "outputs"], { stack: "bootstrap", command: "outputs" }],
    [["compute", "show", "aws_ecs_cluster.cluster_A1B2C3D4"], { stack: "compute", command: "show", address: "aws_ecs_cluster.cluster_A1B2C3D4" }],
  ])("accepts %j", (argv, expected) => {
    expect(parseStateArgs(argv, stacks)).toEqual(expected);
  });

  it.each([
    [[], "usage: npm run state -- <stack> list|show <address>|pull|outputs"],
    [["nope", "list"], 'unknown stack "nope"; choose one of network, data, compute, edge, baseline, bootstrap'],
    [["network"], "no command; usage: npm run state -- <stack> list|show <address>|pull|outputs"],
    [["network", "rm"], 'unknown command "rm"; choose one of list, show <address>, pull, outputs'],
    [["network", "show"], "show needs a resource address (see: npm run state -- network list)"],
    [["network", "list", "extra"], 'unexpected argument "extra"'],
    [["network", "show", "a.b", "c.d"], 'unexpected argument "c.d"'],
  ])("rejects %j with one line", (argv, message) => {
    expect(() => parseStateArgs(argv, stacks)).toThrow(StateError);
    expect(() => parseStateArgs(argv, stacks)).toThrow(message);
  });
});

describe("terraform error formatting", () => {
  it("takes the first Error line, without the diagnostic box and warnings before it", () => {
    const stderr = [
      "╷",
      "│ Warning: Deprecated Parameter",
      "╵",
      "╷",
      "│ Error: Failed to get existing workspaces: S3 bucket \"acme-state\" does not exist.",
      "│ ",
      "│ The referenced S3 bucket must have been previously created.",
      "╵",
    ].join("\n");
    expect(firstError(stderr)).toBe('Failed to get existing workspaces: S3 bucket "acme-state" does not exist.');
    expect(firstError("Error: No valid credential sources found\n\nPlease see ...")).toBe("No valid credential sources found");
    expect(firstError("\nsomething odd\n")).toBe("something odd");
  });

  it("names the backend's bucket, key and region", () => {
    expect(describeBackend({ type: "s3", settings: { bucket: "b", key: "payment/dev/data.tfstate", region: "eu-west-1" } })).toBe(
      "s3 backend: bucket b, key payment/dev/data.tfstate, region eu-west-1",
    );
    expect(describeBackend({ type: "local", settings: { path: "terraform.bootstrap.tfstate" } })).toBe("local backend: path terraform.bootstrap.tfstate");
    expect(describeBackend(undefined)).toBe("no backend block");
  });
});

describe("runState", () => {
  it("initializes the stack folder quietly, then runs the command in the terminal", () => {
    const outdir = tmpDir("state");
    writeStack(outdir, "network", devBackend("network"));
    const { deps, calls, synths, logged } = fakeDeps(outdir, { command: 3 });
    const code = runState({ stack: "network", command: "show", address: "aws_vpc.vpc_vpc_1A2B3C4D" }, deps);
    const dir = path.join(outdir, "stacks", "network");
    expect(synths).toEqual([]);
    expect(logged).toEqual(["state: network of dev/dev (eu-west-1), s3 backend: bucket payment-platform-tfstate, key payment/dev/dev/network.tfstate, region us-east-1"]);
    expect(calls).toEqual([
      { args: ["init", "-input=false", "-reconfigure", "-no-color", `-plugin-dir=${deps.env.TF_PLUGIN_DIR}`], cwd: dir, capture: true },
      { args: ["state", "show", "aws_vpc.vpc_vpc_1A2B3C4D"], cwd: dir, capture: false },
    ]);
    expect(code).toBe(3);
  });

  it("skips init when the folder is already initialized for exactly this backend", () => {
    const outdir = tmpDir("state");
    writeStack(outdir, "network", devBackend("network"));
    const dir = path.join(outdir, "stacks", "network");
    const stored = (key: string) => {
      fs.mkdirSync(path.join(dir, ".terraform"), { recursive: true });
      fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), "# lock");
      const config = { ...devBackend("network").s3, key, dynamodb_table: null, endpoints: { s3: null, dynamodb: null } };
      fs.writeFileSync(path.join(dir, ".terraform", "terraform.tfstate"), JSON.stringify({ backend: { type: "s3", config } }));
    };
    stored("payment/dev/dev/network.tfstate");
    const { deps, calls } = fakeDeps(outdir);
    runState({ stack: "network", command: "list" }, deps);
    expect(calls.map((c) => c.args[0])).toEqual(["state"]);
    stored("payment/dev/pr7/network.tfstate");
    runState({ stack: "network", command: "list" }, deps);
    expect(calls.map((c) => c.args[0])).toEqual(["state", "init", "state"]);
  });

  it("maps outputs to terraform output -json", () => {
    const outdir = tmpDir("state");
    writeStack(outdir, "network", devBackend("network"));
    const { deps, calls } = fakeDeps(outdir);
    runState({ stack: "network", command: "outputs" }, deps);
    expect(calls.map((c) => c.args)).toEqual([
      ["init", "-input=false", "-reconfigure", "-no-color", `-plugin-dir=${deps.env.TF_PLUGIN_DIR}`],
      ["output", "-json"],
    ]);
  });

  it("finds the mirror as the tests do, and downloads when it lacks a provider the stack needs", () => {
    const json = { terraform: { required_providers: { aws: { source: "hashicorp/aws" }, random: { source: "hashicorp/random" } } } };
    const mirror = emptyMirror();
    expect(pluginDirFor({ terraform: { required_providers: { aws: { source: "hashicorp/aws" } } } }, { TF_PLUGIN_DIR: mirror })).toBe(mirror);
    // cdktf writes the short form; Terraform reads it as registry.terraform.io/hashicorp/aws.
    expect(pluginDirFor({ terraform: { required_providers: { aws: { source: "aws" } } } }, { TF_PLUGIN_DIR: mirror })).toBe(mirror);
    expect(pluginDirFor({ terraform: { required_providers: { other: { source: "acme/other" } } } }, { TF_PLUGIN_DIR: mirror })).toBeUndefined();
    expect(pluginDirFor(json, { TF_PLUGIN_DIR: mirror })).toBeUndefined();
    fs.mkdirSync(path.join(mirror, "registry.terraform.io", "hashicorp", "random"));
    expect(pluginDirFor(json, { TF_PLUGIN_DIR: mirror })).toBe(mirror);
    expect(() => pluginDirFor(json, { TF_PLUGIN_DIR: "/nowhere" })).toThrow(new StateError("TF_PLUGIN_DIR=/nowhere has no registry.terraform.io/hashicorp/aws"));
  });

  it("says it re-synthesizes when cdktf.out holds another environment, and for which", () => {
    const outdir = tmpDir("state");
    writeStack(outdir, "network", devBackend("network"));
    const { deps, synths, logged } = fakeDeps(outdir);
    const env = { ...deps.env, ENVIRONMENT: "staging", ENVIRONMENT_SUFFIX: "pr7" };
    runState({ stack: "network", command: "list" }, { ...deps, env, synthesize: () => (synths.push(1), writeStack(outdir, "network", {}), 0) });
    expect(synths).toHaveLength(1);
    expect(logged[0]).toBe("state: cdktf.out holds another environment (s3://payment-platform-tfstate/payment/dev/dev/network.tfstate); synthesizing staging/pr7 first");
  });

  it("reports an unreachable backend in one line naming bucket, key and region", () => {
    const outdir = tmpDir("state");
    writeStack(outdir, "network", devBackend("network"));
    const initStderr = '╷\n│ Error: Failed to get existing workspaces: S3 bucket "payment-platform-tfstate" does not exist.\n│\n╵\n';
    const { deps, calls } = fakeDeps(outdir, { init: 1, initStderr });
    expect(() => runState({ stack: "network", command: "list" }, deps)).toThrow(
      new StateError(
        'terraform init failed for network (s3 backend: bucket payment-platform-tfstate, key payment/dev/dev/network.tfstate, region us-east-1): Failed to get existing workspaces: S3 bucket "payment-platform-tfstate" does not exist.',
      ),
    );
    expect(calls).toHaveLength(1);
  });

  it("says so when terraform cannot be started", () => {
    const outdir = tmpDir("state");
    writeStack(outdir, "network", devBackend("network"));
    const { deps } = fakeDeps(outdir);
    const missing: TerraformRunner = () => ({ status: null, stderr: "", error: new Error("spawnSync terraform ENOENT") });
    expect(() => runState({ stack: "network", command: "list" }, { ...deps, terraform: missing })).toThrow(
      "cannot run terraform (spawnSync terraform ENOENT); install Terraform >= 1.10",
    );
  });

  it("synthesizes first when the stack is missing, and not again while it is current", () => {
    const outdir = tmpDir("state");
    const { deps, synths } = fakeDeps(outdir);
    runState({ stack: "network", command: "list" }, deps);
    runState({ stack: "network", command: "list" }, deps);
    expect(synths).toHaveLength(1);
  });

  it("names the synthesized stacks when the requested one is not composed", () => {
    const outdir = tmpDir("state");
    const { deps, calls } = fakeDeps(outdir);
    expect(() => runState({ stack: "edge", command: "list" }, deps)).toThrow('stack "edge" is not part of the synthesized app (it has network)');
    expect(calls).toEqual([]);
  });

  it("stops without running terraform when synthesis fails", () => {
    const outdir = tmpDir("state");
    const { deps, calls } = fakeDeps(outdir);
    expect(runState({ stack: "network", command: "list" }, { ...deps, synthesize: () => 1 })).toBe(1);
    expect(calls).toEqual([]);
  });
});

describe("staleReason", () => {
  it("asks for a new synthesis when cdktf.out was written for another environment or before a source change", () => {
    const outdir = tmpDir("stale");
    expect(staleReason(outdir, "network", { ENVIRONMENT: "dev" })).toBe("not synthesized yet");
    writeStack(outdir, "network", devBackend("network"));
    expect(staleReason(outdir, "network", { ENVIRONMENT: "dev" })).toBeUndefined();
    const other = "cdktf.out holds another environment (s3://payment-platform-tfstate/payment/dev/dev/network.tfstate)";
    expect(staleReason(outdir, "network", { ENVIRONMENT: "dev", ENVIRONMENT_SUFFIX: "pr42" })).toBe(other);
    expect(staleReason(outdir, "network", { ENVIRONMENT: "dev", TF_STATE_BUCKET: "acme-state" })).toBe(other);
    expect(staleReason(outdir, "network", { ENVIRONMENT: "dev", TF_STATE_S3_ENDPOINT: "http://127.0.0.1:9" })).toBe(other);
    expect(staleReason(outdir, "network", { ENVIRONMENT: "dev" }, (ONE_HOUR_AHEAD + 60) * 1000)).toBe("sources changed since the last synthesis");
  });
});

describe("npm run state as a command", () => {
  it.each([
    [["nope", "list"], 'state: unknown stack "nope"; choose one of network, data, compute, edge, baseline, bootstrap'],
    [["network", "lsit"], 'state: unknown command "lsit"; choose one of list, show <address>, pull, outputs'],
  ])("%j exits 1 with one line on stderr", async (args, line) => {
    const outdir = path.join(tmpDir("cli"), "cdktf.out");
    const { code, stdout, stderr } = await runScript("state", args, { CDKTF_OUTDIR: outdir });
    expect(code).toBe(1);
    expect(stderr).toBe(`${line}\n`);
    expect(stdout).toBe("");
    expect(fs.existsSync(outdir)).toBe(false);
  }, 30_000);

  it("synthesizes, then fails in one line when the S3 backend has no credentials", async () => {
    const outdir = path.join(tmpDir("cli"), "cdktf.out");
    const env = { CDKTF_OUTDIR: outdir, ENVIRONMENT: "staging", ENVIRONMENT_SUFFIX: "pr7", TF_STATE_BUCKET: "ops-test-state", TF_STATE_REGION: "eu-west-1" };
    const { code, stdout, stderr } = await runScript("state", ["network", "list"], env);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.split("\n")).toEqual([
      "state: not synthesized yet; synthesizing staging/pr7 first",
      expect.stringMatching(/^synthesizing staging: suffix pr7, region us-west-2, state s3:\/\/ops-test-state\/payment\/staging\/pr7\//),
      "state: network of staging/pr7 (us-west-2), s3 backend: bucket ops-test-state, key payment/staging/pr7/network.tfstate, region eu-west-1",
      expect.stringMatching(
        /^state: terraform init failed for network \(s3 backend: bucket ops-test-state, key payment\/staging\/pr7\/network\.tfstate, region eu-west-1\): \S.*credential/i,
      ),
      "",
    ]);
    expect(fs.existsSync(path.join(outdir, "stacks", "network", "cdk.tf.json"))).toBe(true);
  }, 60_000);

  it("passes a configuration error through as main.ts prints it", async () => {
    const outdir = path.join(tmpDir("cli"), "cdktf.out");
    const { code, stderr } = await runScript("state", ["network", "list"], { CDKTF_OUTDIR: outdir, ENVIRONMENT: "qa" });
    expect(code).toBe(1);
    expect(stderr).toBe('invalid configuration: ENVIRONMENT = "qa": must be one of dev, staging, prod\n');
  }, 30_000);
});
