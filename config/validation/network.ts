import { isPrivate, overlaps, parseCidr, RFC1918 } from "../cidr";
import { ConfigError } from "../errors";
import { PROFILES } from "../profiles";
import { availabilityZonesOf } from "../regions";
import { NAT_STRATEGIES, PROFILE_NAMES, type EnvironmentConfig } from "../types";
import { logRetention, oneOf } from "./rules";

export const AZ_COUNT = 3;

export function validateNetwork(config: EnvironmentConfig): void {
  const { network } = config;
  const vpc = parseCidr(network.vpcCidr);
  if (!vpc || vpc.prefix < 16 || vpc.prefix > 20) {
    throw new ConfigError(
      "network.vpcCidr",
      network.vpcCidr,
      "must be an aligned IPv4 network from /16 to /20, such as 10.0.0.0/16",
    );
  }
  if (!isPrivate(vpc)) {
    throw new ConfigError("network.vpcCidr", network.vpcCidr, `must be inside an RFC 1918 private range (${RFC1918.join(", ")})`);
  }
  for (const other of PROFILE_NAMES) {
    const otherCidr = parseCidr(PROFILES[other].network.vpcCidr);
    if (other !== config.profile && otherCidr && overlaps(vpc, otherCidr)) {
      throw new ConfigError(
        "network.vpcCidr",
        network.vpcCidr,
        `overlaps the ${other} profile's ${PROFILES[other].network.vpcCidr}; each environment needs its own range`,
      );
    }
  }
  const azs = network.availabilityZones;
  if (!Array.isArray(azs) || azs.length !== AZ_COUNT || new Set(azs).size !== AZ_COUNT) {
    throw new ConfigError("network.availabilityZones", azs, `must list exactly ${AZ_COUNT} distinct AZs`);
  }
  const known = availabilityZonesOf(config.region);
  azs.forEach((az, i) => {
    if (!known.includes(az)) {
      throw new ConfigError(`network.availabilityZones[${i}]`, az, `must be an AZ of region ${config.region}: one of ${known.join(", ")}`);
    }
  });
  oneOf("network.natStrategy", network.natStrategy, NAT_STRATEGIES);
  logRetention("network.flowLogRetentionDays", network.flowLogRetentionDays);
  if (network.peerWith !== undefined) {
    oneOf("network.peerWith", network.peerWith, PROFILE_NAMES.filter((p) => p !== config.profile));
    // The peer's half is managed with this environment's credentials (and its account guard).
    const peerAccount = PROFILES[network.peerWith].accountId;
    if (peerAccount && config.accountId && peerAccount !== config.accountId) {
      throw new ConfigError("network.peerWith", network.peerWith, `is in account ${peerAccount} and this environment in ${config.accountId}; peering needs both in one account`);
    }
  }
}
