import * as fs from "node:fs";
import * as path from "node:path";
import { Names } from "../../config/names";
import type { EnvironmentConfig } from "../../config/types";
import { STACK_NAMES } from "../../stacks/backend";
import { outdirOf, stackDir } from "../ops-synth";
import type { CommandRunner } from "../release/commands";
import { alarmChecks, databaseCheck, serviceChecks, targetHealthChecks, wafChecks, type VerifyClients } from "./aws";
import { callerIdentity } from "../aws-credentials";
import { check, stringOutput, type CheckResult, type StackOutputs } from "./check";
import { albRefusesDirect, edgeHttpChecks, type Fetch } from "./http";

export class VerifyError extends Error {}

export const VERIFY_USAGE = `usage: npm run verify -- [--if-deployed] [stack...] (stacks: ${STACK_NAMES.join(", ")}; none = all)`;

export interface VerifyRequest {
  readonly stacks: readonly string[];
  /** Skip a stack that has no outputs yet (a release before edge's first deploy). */
  readonly ifDeployed: boolean;
}

export function parseVerifyArgs(argv: readonly string[]): VerifyRequest {
  const ifDeployed = argv.includes("--if-deployed");
  const stacks = argv.filter((a) => a !== "--if-deployed");
  const unknown = stacks.filter((a) => !(STACK_NAMES as readonly string[]).includes(a));
  if (unknown.length > 0) throw new VerifyError(`unknown ${unknown.every((u) => u.startsWith("-")) ? "option" : "stack"}(s) ${unknown.join(", ")}; ${VERIFY_USAGE}`);
  return { stacks: stacks.length > 0 ? STACK_NAMES.filter((s) => stacks.includes(s)) : STACK_NAMES, ifDeployed };
}

/** `terraform output -json` of a synthesized stack, against its real backend. */
export function readOutputs(stack: string, env: NodeJS.ProcessEnv, run: CommandRunner): StackOutputs {
  const dir = stackDir(outdirOf(env), stack);
  if (!fs.existsSync(path.join(dir, "cdk.tf.json"))) throw new VerifyError(`${stack} is not synthesized; run npm run synth first`);
  const tfEnv = { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  const init = run("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env: tfEnv, capture: true });
  if (init.error || init.status !== 0) throw new VerifyError(`terraform init of ${stack} failed: ${(init.error?.message ?? init.stderr).trim().split("\n").pop()}`);
  const out = run("terraform", ["output", "-json"], { cwd: dir, env: tfEnv, capture: true });
  if (out.status !== 0) throw new VerifyError(`terraform output of ${stack} failed: ${out.stderr.trim().split("\n").pop()}`);
  const parsed = JSON.parse(out.stdout || "{}") as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
}

export interface VerifyDeps {
  readonly clients: VerifyClients;
  readonly fetch: Fetch;
  readonly outputs: (stack: string) => StackOutputs;
}

/** The checks of each selected stack, in deploy order. */
export async function verify(config: EnvironmentConfig, request: VerifyRequest, deps: VerifyDeps): Promise<CheckResult[]> {
  await callerIdentity(deps.clients.sts, "nothing was checked");
  const names = Names.for(config);
  const results: CheckResult[] = [];
  for (const stack of request.stacks) {
    let outputs: StackOutputs;
    try {
      outputs = deps.outputs(stack);
    } catch (error) {
      results.push({ stack, name: "outputs", ok: false, detail: (error as Error).message });
      continue;
    }
    if (Object.keys(outputs).length === 0) {
      const detail = "none: the stack is not deployed";
      results.push(request.ifDeployed ? { stack, name: "outputs", ok: true, skipped: true, detail: `${detail} yet, skipped` } : { stack, name: "outputs", ok: false, detail });
      continue;
    }
    if (stack === "network") {
      results.push(await check("network", "outputs", async () => ({ ok: true, detail: `VPC ${stringOutput(outputs, "vpc_id")}` })));
    } else if (stack === "data") {
      results.push(await databaseCheck(names, deps.clients));
    } else if (stack === "compute") {
      results.push(...(await serviceChecks(outputs, deps.clients)));
      results.push(...(await targetHealthChecks(config, names, deps.clients)));
      results.push(await albRefusesDirect(outputs, deps.fetch));
      results.push(await alarmChecks(outputs, config, names, deps.clients));
    } else if (stack === "edge") {
      results.push(...(await edgeHttpChecks(outputs, deps.fetch)));
      results.push(...(await wafChecks(outputs, names, deps.clients)));
    }
  }
  return results;
}
