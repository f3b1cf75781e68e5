import type { App } from "cdktf";
import { loadConfig } from "./config/load";
import type { EnvironmentConfig } from "./config/types";
import { cliContext, synthesizeAtomically } from "./lib/synth-runner";
import { BootstrapStack } from "./stacks/bootstrap";
import { DataStack } from "./stacks/data";
import { NetworkStack } from "./stacks/network";

/** One environment: the bootstrap stack and the four platform stacks, wired by typed outputs. */
export function composePlatform(app: App, config: EnvironmentConfig) {
  const bootstrap = new BootstrapStack(app, config);
  const network = new NetworkStack(app, { config });
  const data = new DataStack(app, { config, network: network.outputs });
  return { bootstrap, network, data };
}

if (require.main === module) {
  process.exitCode = synthesizeAtomically((app) => {
    const config = loadConfig({ env: process.env, context: cliContext(process.env) });
    composePlatform(app, config);
  });
}
