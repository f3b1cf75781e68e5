import { isPrivate, overlaps, parseCidr, RFC1918 } from "../cidr";
import { ConfigError } from "../errors";
import { PROFILES } from "../profiles";
import { availabilityZonesOf } from "../regions";
import { NAT_STRATEGIES, PROFILE_NAMES, type EnvironmentConfig } from "../types";
import { intInRange, matches, oneOf } from "./rules";

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
  if (network.peering !== undefined) validatePeering(config);
}

const PORT_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

function validatePeering(config: EnvironmentConfig): void {
  const peering = config.network.peering!;
  oneOf("network.peering.role", peering.role, ["requester", "accepter"] as const);
  oneOf("network.peering.with", peering.with, PROFILE_NAMES.filter((p) => p !== config.profile));
  if (peering.peerAccountId !== undefined) {
    matches("network.peering.peerAccountId", peering.peerAccountId, /^\d{12}$/, "must be a 12-digit AWS account ID");
  }
  for (const direction of ["ingressPorts", "egressPorts"] as const) {
    const ports = peering[direction];
    const field = `network.peering.${direction}`;
    if (!Array.isArray(ports)) throw new ConfigError(field, ports, "must list named ports, such as [{ name: \"ledger-api\", port: 8080 }] (or be empty)");
    const names = new Set<string>();
    ports.forEach((p, i) => {
      matches(`${field}[${i}].name`, p.name, PORT_NAME, "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter");
      if (names.has(p.name)) throw new ConfigError(`${field}[${i}].name`, p.name, "must be unique in the list");
      names.add(p.name);
      intInRange(`${field}[${i}].port`, p.port, 1, 65535);
    });
  }
}
