import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { ConfigError } from "../config/errors";
import type { EnvironmentConfig } from "../config/types";
import { statePrefix } from "../stacks/backend";

export type Context = Readonly<Record<string, unknown>>;

/** Context keys that once selected the environment; ENVIRONMENT / ENVIRONMENT_SUFFIX do now. */
const SELECTOR_KEYS: Readonly<Record<string, string>> = { environment: "ENVIRONMENT", environmentSuffix: "ENVIRONMENT_SUFFIX" };

const CDKTF_JSON = path.resolve(__dirname, "..", "cdktf.json");

/**
 * The context the cdktf CLI passes (cdktf.json "context"; the 0.21 CLI has no --context flag and
 * overwrites CDKTF_CONTEXT_JSON). Read before the App exists, which would otherwise throw a
 * stack trace on malformed JSON; a selector key there is refused, because `npm run synth` never
 * sees the CLI's context and the two paths would target different environments.
 */
export function cliContext(env: NodeJS.ProcessEnv, cdktfJson = CDKTF_JSON): Context {
  const fromEnv = parseObject("CDKTF_CONTEXT_JSON", env.CDKTF_CONTEXT_JSON);
  const fromFile = fs.existsSync(cdktfJson) ? (parseObject("cdktf.json", fs.readFileSync(cdktfJson, "utf8")).context as Context | undefined) : undefined;
  for (const [source, context] of [["CDKTF_CONTEXT_JSON", fromEnv], ["cdktf.json context", fromFile ?? {}]] as const) {
    for (const [key, variable] of Object.entries(SELECTOR_KEYS)) {
      if (key in context) {
        throw new ConfigError(
          `${source} key ${key}`,
          context[key],
          `is not read: select the environment with ${variable}=${String(context[key])} (the only selector, for every command)`,
        );
      }
    }
  }
  return fromEnv;
}

function parseObject(field: string, text: string | undefined): Context {
  if (text === undefined || text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(field, text, "must be a JSON object");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(field, text, "must be a JSON object");
  return value as Context;
}

/**
 * The line every synthesis writes to stderr before anything else, so a person sees "prod"
 * before deploying prod: profile, suffix, region, where the state goes, and the account guard.
 */
export function targetLine(config: EnvironmentConfig): string {
  const account = config.accountId ? `account ${config.accountId} only` : "any account (set ACCOUNT_ID to pin one)";
  const endpoint = config.state.endpoints.s3 ? ` via ${config.state.endpoints.s3}` : "";
  return (
    `synthesizing ${config.profile}: suffix ${config.suffix}, region ${config.region}, ` +
    `state s3://${config.state.bucket}/${statePrefix(config)}${endpoint} (${config.state.region}), ${account}`
  );
}

/** Staging folders of this output whose process is gone (killed with SIGKILL, a lost machine). */
function removeOrphanedStaging(outdir: string): void {
  const parent = path.dirname(path.resolve(outdir));
  const prefix = `${path.basename(path.resolve(outdir))}.staging-`;
  if (!fs.existsSync(parent)) return;
  for (const entry of fs.readdirSync(parent)) {
    const pid = Number(entry.slice(prefix.length));
    if (entry.startsWith(prefix) && Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
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

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs `compose` against a fresh App and swaps the result into the output folder only when
 * everything synthesized: a bad config, a failing construct or an interrupt (SIGINT, SIGTERM)
 * leaves no half-written stacks and no staging folder. A ConfigError is reported as one line
 * on stderr; anything else is a bug and keeps its trace.
 */
export function synthesizeAtomically(compose: (app: App) => void, outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out"): number {
  const staging = `${path.resolve(outdir)}.staging-${process.pid}`;
  const cleanUp = () => fs.rmSync(staging, { recursive: true, force: true });
  // Synthesis is synchronous: a signal is handled once it returns, and removes whatever is left.
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => {
    cleanUp();
    process.stderr.write(`synthesis interrupted by ${signal}; ${outdir} is as it was or complete, never partial\n`);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  };
  const signals = Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[];
  signals.forEach((signal) => process.once(signal, onSignal));
  try {
    removeOrphanedStaging(outdir);
    cliContext(process.env);
    const app = new App({ outdir: staging });
    compose(app);
    app.synth();
    carryOverWorkingFiles(outdir, staging);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return 0;
  } catch (error) {
    cleanUp();
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    // A signal that arrived during synthesis waits in the event loop's poll phase: keep the
    // handlers until one full turn has passed it (two check phases), then remove them.
    setImmediate(() => setImmediate(() => signals.forEach((signal) => process.removeListener(signal, onSignal))));
  }
}
