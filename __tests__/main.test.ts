import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { cliContext, synthesizeAtomically, targetLine } from "../lib/synth-runner";
import type { App } from "cdktf";
import type { EnvironmentConfig } from "../config/types";
import { composePlatform } from "../main";
import { BootstrapStack } from "../stacks/bootstrap";
import { NetworkStack } from "../stacks/network";

const root = path.join(__dirname, "..");

/** The runner's behaviour does not depend on what is synthesized: two stacks are enough. */
function composeFoundation(app: App, config: EnvironmentConfig): void {
  new BootstrapStack(app, config);
  new NetworkStack(app, { config });
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "payment-main-"));

/** Runs the README's synth entry point as `npm run synth` does (node --import tsx main.ts). */
function runMain(env: Record<string, string>, outdir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, CDKTF_OUTDIR: outdir },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

const BAD_INPUT: [string, Record<string, string>, string][] = [
  ["unknown profile", { ENVIRONMENT: "nope" }, 'invalid configuration: ENVIRONMENT = "nope": must be one of dev, staging, prod'],
  ["bad suffix", { ENVIRONMENT_SUFFIX: "Bad_Suffix!" }, 'invalid configuration: ENVIRONMENT_SUFFIX = "Bad_Suffix!": must be a-z, 0-9'],
  ["40-character suffix", { ENVIRONMENT_SUFFIX: "x".repeat(40) }, `invalid configuration: ENVIRONMENT_SUFFIX = "${"x".repeat(40)}": is 40 characters; a copy of dev takes at most`],
  ["a dev copy named like prod", { ENVIRONMENT: "dev", ENVIRONMENT_SUFFIX: "prod" }, 'invalid configuration: ENVIRONMENT_SUFFIX = "prod": is the name of the prod profile'],
];

describe("main.ts as a command", () => {
  // One real process proves the wiring; the other cases take the same path in-process below.
  it("exits 1 with one line on stderr and writes nothing for a bad profile", async () => {
    const [, env, expected] = BAD_INPUT[0];
    const outdir = path.join(tmp(), "cdktf.out");
    const { code, stderr } = await runMain(env, outdir);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split("\n")).toEqual([expect.stringContaining(expected)]);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  }, 30_000);

  it.each(BAD_INPUT)("%s: one line on stderr, exit code 1, nothing written", (_name, env, expected) => {
    const outdir = path.join(tmp(), "cdktf.out");
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = synthesizeAtomically((app) => composePlatform(app, loadConfig({ env })), outdir);
    const written = stderr.mock.calls.map(([chunk]) => String(chunk));
    stderr.mockRestore();
    expect(code).toBe(1);
    expect(written).toEqual([expect.stringContaining(expected)]);
    expect(written[0].endsWith("\n") && !written[0].slice(0, -1).includes("\n")).toBe(true);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });
});

describe("synthesizeAtomically", () => {
  it("replaces the previous output only after a complete synthesis", () => {
    const outdir = path.join(tmp(), "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "stale"), { recursive: true });
    const code = synthesizeAtomically((app) => composeFoundation(app, loadConfig({ env: { ENVIRONMENT: "prod" } })), outdir);
    expect(code).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(expect.arrayContaining(["bootstrap", "network"]));
    expect(fs.existsSync(path.join(outdir, "stacks", "stale"))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "network", "cdk.tf.json"), "utf8")).terraform.backend.s3.key).toBe(
      "payment/prod/prod/network.tfstate",
    );
  });

  it("keeps Terraform's working files of each stack across syntheses", () => {
    const outdir = path.join(tmp(), "cdktf.out");
    const compose = (app: App) => composeFoundation(app, loadConfig({ env: {} }));
    expect(synthesizeAtomically(compose, outdir)).toBe(0);
    const network = path.join(outdir, "stacks", "network");
    fs.mkdirSync(path.join(network, ".terraform", "providers"), { recursive: true });
    fs.writeFileSync(path.join(network, ".terraform.lock.hcl"), "# lock");
    expect(synthesizeAtomically(compose, outdir)).toBe(0);
    expect(fs.existsSync(path.join(network, ".terraform", "providers"))).toBe(true);
    expect(fs.readFileSync(path.join(network, ".terraform.lock.hcl"), "utf8")).toBe("# lock");
  });

  it("leaves an existing output untouched when the config is bad", () => {
    const outdir = path.join(tmp(), "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "network"), { recursive: true });
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = synthesizeAtomically(() => {
      throw new ConfigError("database.backupRetentionDays", 40, "must be a whole number from 1 to 35");
    }, outdir);
    expect(code).toBe(1);
    expect(stderr).toHaveBeenCalledWith('invalid configuration: database.backupRetentionDays = 40: must be a whole number from 1 to 35\n');
    stderr.mockRestore();
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(["cdktf.out"]);
    expect(fs.existsSync(path.join(outdir, "stacks", "network"))).toBe(true);
  });

  it("lets a programming error through with its stack trace, cleaning up the staging folder", () => {
    const outdir = path.join(tmp(), "cdktf.out");
    expect(() => synthesizeAtomically(() => {
      throw new TypeError("bug");
    }, outdir)).toThrow(TypeError);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });
});

describe("cliContext", () => {
  const noFile = path.join(os.tmpdir(), "no-such-cdktf.json");

  it("reads the context the cdktf CLI passes", () => {
    expect(cliContext({ CDKTF_CONTEXT_JSON: '{"cdktfRelativeModules":[]}' }, noFile)).toEqual({ cdktfRelativeModules: [] });
    expect(cliContext({}, noFile)).toEqual({});
  });

  it.each([
    ['{"environment":"prod"}', 'CDKTF_CONTEXT_JSON key environment = "prod": is not read: select the environment with ENVIRONMENT=prod'],
    ['{"environmentSuffix":"pr7"}', 'CDKTF_CONTEXT_JSON key environmentSuffix = "pr7": is not read: select the environment with ENVIRONMENT_SUFFIX=pr7'],
    ["{", 'CDKTF_CONTEXT_JSON = "{": must be a JSON object'],
    ["[1]", 'CDKTF_CONTEXT_JSON = "[1]": must be a JSON object'],
  ])("refuses %s in one line", (json, message) => {
    expect(() => cliContext({ CDKTF_CONTEXT_JSON: json }, noFile)).toThrow(message);
  });

  it("refuses a selector in cdktf.json's context, which npm run synth would never see", () => {
    const file = path.join(tmp(), "cdktf.json");
    fs.writeFileSync(file, JSON.stringify({ app: "x", context: { environment: "prod" } }));
    expect(() => cliContext({}, file)).toThrow('cdktf.json context key environment = "prod": is not read: select the environment with ENVIRONMENT=prod');
  });

  it("ships a cdktf.json without a selector", () => {
    expect(() => cliContext({})).not.toThrow();
  });
});

describe("targetLine", () => {
  it("names profile, suffix, region, state prefix and the allowed account", () => {
    expect(targetLine(loadConfig({ env: { ENVIRONMENT: "prod", ACCOUNT_ID: "123456789012", TF_STATE_BUCKET: "acme-state" } }))).toBe(
      "synthesizing prod: suffix prod, region us-east-1, state s3://acme-state/payment/prod/prod/ (us-east-1), account 123456789012 only",
    );
    expect(targetLine(loadConfig({ env: { ENVIRONMENT: "staging", ENVIRONMENT_SUFFIX: "pr7" } }))).toBe(
      "synthesizing staging: suffix pr7, region us-west-2, state s3://payment-platform-tfstate/payment/staging/pr7/ (us-east-1), any account (set ACCOUNT_ID to pin one)",
    );
  });
});

describe("main.ts selects and names its target", () => {
  it("prints the target line first and synthesizes what ENVIRONMENT selects", async () => {
    const outdir = path.join(tmp(), "cdktf.out");
    const { code, stderr } = await runMain({ ENVIRONMENT: "prod", ACCOUNT_ID: "123456789012" }, outdir);
    expect(code).toBe(0);
    expect(stderr.split("\n")[0]).toMatch(/^synthesizing prod: suffix prod, region us-east-1, state s3:\/\/payment-platform-tfstate\/payment\/prod\/prod\/ .*account 123456789012 only$/);
    const network = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "network", "cdk.tf.json"), "utf8"));
    expect(network.terraform.backend.s3.key).toBe("payment/prod/prod/network.tfstate");
    expect(network.provider.aws[0].region).toBe("us-east-1");
  }, 30_000);

  it("refuses the old context selector in one line, writing nothing", () => {
    const outdir = path.join(tmp(), "cdktf.out");
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    process.env.CDKTF_CONTEXT_JSON = '{"environment":"prod"}';
    try {
      expect(synthesizeAtomically((app) => composeFoundation(app, loadConfig({ env: {} })), outdir)).toBe(1);
    } finally {
      delete process.env.CDKTF_CONTEXT_JSON;
    }
    expect(stderr.mock.calls.map(([c]) => String(c))).toEqual([expect.stringContaining("CDKTF_CONTEXT_JSON key environment")]);
    stderr.mockRestore();
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });

  it.each(["SIGINT", "SIGTERM"] as const)("leaves no staging folder when %s interrupts a synthesis", async (signal) => {
    const parent = tmp();
    const outdir = path.join(parent, "cdktf.out");
    // As `npm run synth` runs it: one process (the tsx CLI would put a second one in between).
    const child = spawn(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir },
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    // Interrupt once the staging folder exists, i.e. in the middle of the synthesis.
    const deadline = Date.now() + 20_000;
    while (!fs.readdirSync(parent).some((e) => e.includes(".staging-")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill(signal);
    const code = await exited;
    expect(fs.readdirSync(parent).filter((e) => e.includes(".staging-"))).toEqual([]);
    expect(code).toBe(signal === "SIGINT" ? 130 : 143);
  }, 30_000);

  it("removes the staging folder a killed synthesis left behind", () => {
    const parent = tmp();
    const outdir = path.join(parent, "cdktf.out");
    const orphan = path.join(parent, "cdktf.out.staging-999999999");
    fs.mkdirSync(orphan);
    expect(synthesizeAtomically((app) => composeFoundation(app, loadConfig({ env: {} })), outdir)).toBe(0);
    expect(fs.readdirSync(parent)).toEqual(["cdktf.out"]);
  });

  it("git-ignores the staging folders", () => {
    expect(fs.readFileSync(path.join(root, ".gitignore"), "utf8")).toContain("*.staging-[0-9]*/");
  });
});
