import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { loadConfig } from "../../config/load";
import { synthesizeAtomically } from "../../lib/synth-runner";
import { findPluginDir } from "../../lib/terraform-root";
import { DataStack } from "../../stacks/data";
import { NetworkStack } from "../../stacks/network";
import { runState, type TerraformRunner } from "../../scripts/state";
import { LOOPBACK_CREDENTIALS } from "../support/loopback-servers";
import { root, tmpDir } from "./run-script";

/**
 * The S3 backend with its DynamoDB lock, for real, on loopback: s3rver (S3 API, which accepts
 * only its built-in key S3RVER/S3RVER) and dynalite (DynamoDB API). s3rver ignores conditional
 * writes, so only the DynamoDB lock is exclusive here; use_lockfile is not tested.
 */

const terraformMissing = spawnSync("terraform", ["version"], { encoding: "utf8" }).error !== undefined;
const describeWithTerraform = terraformMissing ? describe.skip : describe;
if (terraformMissing) {
  console.warn("backend.test.ts skipped: terraform is not on PATH (install Terraform >= 1.10 to run the S3 backend tests)");
}

const BUCKET = "payment-loopback-tfstate";
const LOCK_TABLE = "payment-loopback-tflock";

describeWithTerraform("S3 backend with DynamoDB locking (s3rver + dynalite on 127.0.0.1)", () => {
  const work = tmpDir("backend");
  const outdir = path.join(work, "cdktf.out");
  let servers: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  let holder: ChildProcess | undefined;

  /** terraform with the loopback endpoints and the store's credentials, never reaching AWS. */
  const tf = (args: string[], cwd: string) =>
    spawnSync("terraform", [`-chdir=${cwd}`, ...args], { encoding: "utf8", env: { ...process.env, ...env, TF_IN_AUTOMATION: "1" }, timeout: 60_000 });
  const ok = (result: ReturnType<typeof tf>) => {
    if (result.status !== 0) throw new Error(`terraform failed: ${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  const stackDir = (stack: string) => path.join(outdir, "stacks", stack);
  const json = (stack: string) => JSON.parse(fs.readFileSync(path.join(stackDir(stack), "cdk.tf.json"), "utf8"));

  beforeAll(async () => {
    servers = spawn(process.execPath, ["--import", "tsx", path.join(root, "__tests__", "support", "loopback-servers.ts"), path.join(work, "s3"), BUCKET, LOCK_TABLE], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const endpoints = await new Promise<{ s3: string; dynamodb: string }>((resolve, reject) => {
      let out = "";
      servers!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(JSON.parse(out));
      });
      servers!.once("exit", (code) => reject(new Error(`loopback servers exited with ${code}`)));
    });
    env = {
      ENVIRONMENT: "dev",
      TF_STATE_BUCKET: BUCKET,
      TF_STATE_LOCK_TABLE: LOCK_TABLE,
      TF_STATE_S3_ENDPOINT: endpoints.s3,
      TF_STATE_DYNAMODB_ENDPOINT: endpoints.dynamodb,
      TF_STATE_USE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_EC2_METADATA_DISABLED: "true",
      CHECKPOINT_DISABLE: "1",
      CDKTF_OUTDIR: outdir,
      TF_PLUGIN_DIR: findPluginDir(),
    };
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    // The producer (network) and a consumer of it (data) are all the tests below need.
    const code = synthesizeAtomically((app) => {
      const config = loadConfig({ env });
      const network = new NetworkStack(app, { config });
      new DataStack(app, { config, network: network.outputs });
    }, outdir);
    stderr.mockRestore();
    expect(code).toBe(0);
  }, 30_000);

  afterAll(async () => {
    holder?.kill("SIGKILL");
    if (servers && servers.exitCode === null) {
      const stopped = new Promise((resolve) => servers!.once("exit", resolve));
      servers.kill("SIGTERM");
      await stopped;
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("synthesizes backends and readers that name the endpoints", () => {
    const backend = json("network").terraform.backend.s3;
    expect(backend).toMatchObject({ key: "payment/dev/dev/network.tfstate", endpoints: { s3: env.TF_STATE_S3_ENDPOINT, dynamodb: env.TF_STATE_DYNAMODB_ENDPOINT }, use_path_style: true, dynamodb_table: LOCK_TABLE });
    const reader = json("data").data.terraform_remote_state["cross-stack-reference-input-network"].config;
    expect(reader).toMatchObject({ key: "payment/dev/dev/network.tfstate", endpoints: { s3: env.TF_STATE_S3_ENDPOINT }, use_path_style: true });
    expect(reader).not.toHaveProperty("dynamodb_table");
  });

  /** The network output the data stack's reader reads, from the synthesized reader reference. */
  const readOutput = () => /data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\.([A-Za-z0-9_-]+)/.exec(JSON.stringify(json("data")))![1];

  it("inits a synthesized stack against the backend and npm run state lists, pulls and reads outputs of a pushed state", () => {
    ok(tf(["init", "-input=false", "-no-color", `-plugin-dir=${env.TF_PLUGIN_DIR}`], stackDir("network")));
    const state = {
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "0d6f3c52-6b1e-4a7e-9d36-2f8a0c1b5e11",
      outputs: { [readOutput()]: { value: "vpc-0a1b2c3d4e5f60718", type: "string" } },
      resources: [
        {
          mode: "managed",
          type: "aws_vpc",
          name: "vpc_6776A399",
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ schema_version: 1, attributes: { id: "vpc-0a1b2c3d4e5f60718", cidr_block: "10.0.0.0/16" } }],
        },
      ],
    };
    const file = path.join(work, "pushed.tfstate");
    fs.writeFileSync(file, JSON.stringify(state));
    ok(tf(["state", "push", file], stackDir("network")));

    const captured: Record<string, string> = {};
    const terraform: TerraformRunner = (args, cwd) => {
      const result = tf([...args], cwd);
      captured[args.join(" ")] = result.stdout;
      return { status: result.status, stderr: result.stderr, error: result.error };
    };
    const deps = { env, terraform, synthesize: () => 1, log: () => undefined };
    for (const command of ["list", "pull", "outputs"] as const) expect(runState({ stack: "network", command }, deps)).toBe(0);
    const { "state list": list, "state pull": pull, "output -json": outputs } = captured;
    // The folder was initialized against this backend above, so npm run state did not init again.
    expect(Object.keys(captured).filter((c) => c.startsWith("init"))).toEqual([]);
    expect(list.trim()).toBe("aws_vpc.vpc_6776A399");
    expect(JSON.parse(pull)).toMatchObject({ version: 4, resources: [expect.objectContaining({ type: "aws_vpc", name: "vpc_6776A399" })] });
    expect(JSON.parse(outputs)[readOutput()]).toMatchObject({ value: "vpc-0a1b2c3d4e5f60718" });
  }, 60_000);

  it("lets a consumer's terraform_remote_state read the producer's outputs at plan time", () => {
    const consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    const reader = json("data").data.terraform_remote_state["cross-stack-reference-input-network"];
    fs.writeFileSync(
      path.join(consumer, "main.tf.json"),
      JSON.stringify({
        data: { terraform_remote_state: { network: reader } },
        output: { vpc: { value: `\${data.terraform_remote_state.network.outputs.${readOutput()}}` } },
      }),
    );
    ok(tf(["init", "-input=false", "-no-color", "-backend=false"], consumer));
    expect(ok(tf(["plan", "-input=false", "-no-color"], consumer))).toContain('vpc = "vpc-0a1b2c3d4e5f60718"');
  }, 60_000);

  it("fails a second run fast on the lock naming the holder, and force-unlock frees it after the holder is killed", async () => {
    // Two runs on the data stack's state, each from a folder with only its backend (no provider to start).
    const runDir = (name: string) => {
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, "main.tf.json"),
        JSON.stringify({ terraform: { backend: json("data").terraform.backend }, variable: { run: { type: "string" } }, output: { run: { value: "${var.run}" } } }),
      );
      ok(tf(["init", "-input=false", "-no-color"], dir));
      return dir;
    };
    const [first, second] = [runDir("first"), runDir("second")];
    // A deployed stack has state: write one, so the guide's `npm run state -- data list` has something to list.
    ok(tf(["apply", "-input=false", "-no-color", "-auto-approve", "-var=run=seed"], first));

    // The first run holds the lock while it waits for "yes" on a stdin that never answers.
    holder = spawn("terraform", [`-chdir=${first}`, "apply", "-no-color", "-var=run=held"], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let prompt = "";
    await new Promise<void>((resolve, reject) => {
      holder!.stdout!.on("data", (chunk: Buffer) => ((prompt += chunk.toString()), prompt.includes("Enter a value") && resolve()));
      holder!.on("exit", () => reject(new Error(`holder exited: ${prompt}`)));
    });

    const started = Date.now();
    const blocked = tf(["plan", "-input=false", "-no-color", "-lock-timeout=0s", "-var=run=second"], second);
    expect(blocked.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(blocked.stderr).toContain("Error acquiring the state lock");
    expect(blocked.stderr).toMatch(/Operation: +OperationTypeApply/);
    expect(blocked.stderr).toMatch(/Who: +\S+@\S+/);
    const lockId = /ID: +([0-9a-f-]{36})/.exec(blocked.stderr)![1];

    // A killed run leaves its lock behind (help/state.md, "A stuck lock").
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder!.once("close", resolve));
    holder = undefined;
    expect(tf(["plan", "-input=false", "-no-color", "-lock-timeout=0s", "-var=run=second"], second).stderr).toContain(lockId);

    // The lock table shows the same lock: LockID is <bucket>/<key>.
    const item = await new DynamoDBClient({ region: "us-east-1", endpoint: env.TF_STATE_DYNAMODB_ENDPOINT, credentials: LOOPBACK_CREDENTIALS }).send(
      new GetItemCommand({ TableName: LOCK_TABLE, Key: { LockID: { S: `${BUCKET}/payment/dev/dev/data.tfstate` } } }),
    );
    expect(JSON.parse(item.Item!.Info.S!)).toMatchObject({ ID: lockId, Operation: "OperationTypeApply" });

    // Step 2: release it from the stack folder; the next run gets the lock.
    // Step 1 of the guide: `npm run state -- data list` initializes the stack folder (reading takes no lock).
    const quiet: TerraformRunner = (args, cwd) => {
      const result = tf([...args], cwd);
      return { status: result.status, stderr: result.stderr, error: result.error };
    };
    expect(runState({ stack: "data", command: "list" }, { env, terraform: quiet, synthesize: () => 1, log: () => undefined })).toBe(0);
    expect(ok(tf(["force-unlock", "-force", lockId], stackDir("data")))).toContain("Terraform state has been successfully unlocked");
    expect(tf(["plan", "-input=false", "-no-color", "-lock-timeout=0s", "-var=run=second"], second).status).toBe(0);
  }, 60_000);
});
