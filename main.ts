import "./lib/no-source-maps";
import type { App } from "cdktf";
import { loadConfig } from "./config/load";
import type { EnvironmentConfig } from "./config/types";
import { synthesizeAtomically, targetLine } from "./lib/synth-runner";
import { deploysBaseline } from "./config/derived";
import { BaselineStack } from "./stacks/baseline";
import { BootstrapStack } from "./stacks/bootstrap";
import { CiStack } from "./stacks/ci";
import { ComputeStack } from "./stacks/compute";
import { DataStack } from "./stacks/data";
import { EdgeStack } from "./stacks/edge";
import { NetworkStack } from "./stacks/network";

/**
 * One environment: the per-account stacks (bootstrap; baseline where this environment owns it),
 * the profile's CI identities and the four platform stacks, wired by typed outputs.
 */
export function composePlatform(app: App, config: EnvironmentConfig) {
  const bootstrap = new BootstrapStack(app, config);
  const baseline = deploysBaseline(config) ? new BaselineStack(app, { config }) : undefined;
  const ci = new CiStack(app, config);
  const network = new NetworkStack(app, { config });
  const data = new DataStack(app, { config, network: network.outputs });
  const compute = new ComputeStack(app, { config, network: network.outputs, data: data.outputs });
  const edge = new EdgeStack(app, { config, data: data.outputs, compute: compute.outputs });
  return { bootstrap, ...(baseline ? { baseline } : {}), ci, network, data, compute, edge };
}

/* istanbul ignore next -- the command line entry point; __tests__/main.test.ts runs it as a child process, outside coverage. */
if (require.main === module) {
  process.exitCode = synthesizeAtomically((app) => {
    // ENVIRONMENT and ENVIRONMENT_SUFFIX are the only selectors (synthesizeAtomically refuses the old context keys).
    const config = loadConfig({ env: process.env });
    process.stderr.write(`${targetLine(config)}\n`);
    composePlatform(app, config);
  });
}
