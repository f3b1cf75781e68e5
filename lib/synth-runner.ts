import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { ConfigError } from "../config/errors";

export type Context = Readonly<Record<string, unknown>>;

/** Context the cdktf CLI passes (cdktf.json "context" and --context flags). */
export function cliContext(env: NodeJS.ProcessEnv): Context {
  try {
    return env.CDKTF_CONTEXT_JSON ? (JSON.parse(env.CDKTF_CONTEXT_JSON) as Context) : {};
  } catch {
    throw new ConfigError("CDKTF_CONTEXT_JSON", env.CDKTF_CONTEXT_JSON, "must be a JSON object");
  }
}

/**
 * Moves what Terraform keeps in a stack folder between runs (.terraform, the lock file, local
 * state, plans) from the old output into the new one, so a synthesis never costs a re-init
 * or loses a local state file.
 */
function carryOverWorkingFiles(outdir: string, staging: string): void {
  const stacks = path.join(outdir, "stacks");
  if (!fs.existsSync(stacks)) return;
  for (const stack of fs.readdirSync(stacks)) {
    const target = path.join(staging, "stacks", stack);
    if (!fs.existsSync(target)) continue;
    for (const entry of fs.readdirSync(path.join(stacks, stack))) {
      if (!fs.existsSync(path.join(target, entry))) fs.renameSync(path.join(stacks, stack, entry), path.join(target, entry));
    }
  }
}

/**
 * Runs `compose` against a fresh App and swaps the result into the output folder only when
 * everything synthesized: a bad config or a failing construct leaves no half-written stacks.
 * A ConfigError is reported as one line on stderr; anything else is a bug and keeps its trace.
 */
export function synthesizeAtomically(compose: (app: App) => void, outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out"): number {
  const staging = `${path.resolve(outdir)}.staging-${process.pid}`;
  try {
    const app = new App({ outdir: staging });
    compose(app);
    app.synth();
    carryOverWorkingFiles(outdir, staging);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return 0;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
