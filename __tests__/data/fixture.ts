import type { EnvironmentConfig } from "../../config/types";
import type { DataOutputs } from "../../constructs/contracts";
import { DataStack } from "../../stacks/data";
import { NetworkStack } from "../../stacks/network";
import { memoize, synthStacks, testApp, type TfJson } from "../support/synth";

export interface DataSynth {
  readonly network: TfJson;
  readonly data: TfJson;
  readonly outputs: DataOutputs;
}

/** The real network stack and the data stack on top of it, synthesized once per config. */
export function synthData(config: EnvironmentConfig): DataSynth {
  return memoize(`data:${JSON.stringify(config)}`, () => {
    const app = testApp();
    const network = new NetworkStack(app, { config });
    const data = new DataStack(app, { config, network: network.outputs });
    return { ...synthStacks({ network, data }), outputs: data.outputs };
  });
}

/** `${aws_kms_key.<name>.arn}` of the key behind `alias`. */
export function keyArnOf(json: TfJson, alias: string): string {
  const aliases = Object.values(json.resource?.aws_kms_alias ?? {});
  const target = aliases.find((a) => a.name === alias)?.target_key_id as string | undefined;
  if (!target) throw new Error(`no KMS alias ${alias}`);
  return target.replace(/\.key_id\}$/, ".arn}");
}

/** Every key path in a JSON value, e.g. resource.aws_rds_cluster.x.master_username. */
export function keyPaths(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => {
      const child = path ? `${path}.${k}` : k;
      return [child, ...keyPaths(v, child)];
    });
  }
  return [];
}
