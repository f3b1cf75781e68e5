import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { cliContext, synthesizeAtomically } from "../lib/synth-runner";
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

/** Runs the README's synth entry point (tsx main.ts) as a user would. */
function runMain(env: Record<string, string>, outdir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "main.ts"], {
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
  ["bad suffix", { ENVIRONMENT_SUFFIX: "Bad_Suffix!" }, 'invalid configuration: ENVIRONMENT_SUFFIX = "Bad_Suffix!": must be 1-32 characters'],
  ["40-character suffix", { ENVIRONMENT_SUFFIX: "x".repeat(40) }, `invalid configuration: ENVIRONMENT_SUFFIX = "${"x".repeat(40)}": must be 1-32 characters`],
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
      "payment/prod/network.tfstate",
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
  it("reads the context the cdktf CLI passes", () => {
    expect(cliContext({ CDKTF_CONTEXT_JSON: '{"environment":"prod"}' })).toEqual({ environment: "prod" });
    expect(cliContext({})).toEqual({});
    expect(() => cliContext({ CDKTF_CONTEXT_JSON: "{" })).toThrow(/CDKTF_CONTEXT_JSON = "\{": must be a JSON object/);
  });
});
