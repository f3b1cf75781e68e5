import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../config/types";
import type { DataOutputs } from "../../stacks/contracts";
import { DataStack } from "../../stacks/data";
import { NetworkStack } from "../../stacks/network";
import type { TfJson } from "../support/synth";

export interface DataSynth {
  readonly network: TfJson;
  readonly data: TfJson;
  readonly outputs: DataOutputs;
}

const cache = new Map<string, DataSynth>();

/** The real network stack and the data stack on top of it, synthesized once per config. */
export function synthData(config: EnvironmentConfig): DataSynth {
  const key = JSON.stringify(config);
  const hit = cache.get(key);
  if (hit) return hit;
  const app = Testing.app({ stackTraces: false });
  const network = new NetworkStack(app, { config });
  const data = new DataStack(app, { config, network: network.outputs });
  // Cross-stack references resolve in prepareStack; without it data renders a broken local ref.
  [network, data].forEach((stack) => stack.prepareStack());
  const result: DataSynth = {
    network: JSON.parse(Testing.synth(network)) as TfJson,
    data: JSON.parse(Testing.synth(data)) as TfJson,
    outputs: data.outputs,
  };
  cache.set(key, result);
  return result;
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
