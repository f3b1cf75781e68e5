import { albOriginPort } from "../../config/derived";
import { Names } from "../../config/names";
import type { EnvironmentConfig, ProfileName } from "../../config/types";
import { PlatformSecurityGroups, PORTS, type AlbIngress } from "../../constructs/network/security-groups";
import { configFor, onlyResource, resourcesOf, snapshotView, synthConstruct, type TfJson } from "../support/synth";

const PREFIX_LIST = "pl-3b927c52";
const distinct = (ports: number[]) => [...new Set(ports)];

/** The construct as the network stack builds it for `config` (ALB ingress given, since it reads a data source there). */
function synth(config: EnvironmentConfig, albIngress: AlbIngress): TfJson {
  const services = config.compute.services;
  return synthConstruct((scope) => {
    new PlatformSecurityGroups(scope, "security-groups", {
      name: (t) => Names.for(config).of(t),
      vpcId: "vpc-0abc",
      albIngress,
      albTargetPorts: distinct(services.filter((s) => s.albPathPatterns).map((s) => s.containerPort)),
      servicePorts: distinct(services.map((s) => s.containerPort)),
      interfaceEndpoints: config.network.natStrategy === "none",
    });
  });
}

/** Every rule as one readable line: `<group> <in|out> <port> <peer>`, with groups by role. */
function rules(json: TfJson): string[] {
  const roleOf = new Map(resourcesOf(json, "aws_security_group").map(([key, g]) => [`\${aws_security_group.${key}.id}`, g.name as string]));
  const role = (ref: string) => roleOf.get(ref) ?? `unknown(${ref})`;
  const line = (direction: "in" | "out") => ([, r]: [string, Record<string, any>]) => {
    expect(r).toMatchObject({ ip_protocol: "tcp", from_port: r.to_port });
    const peers = [
      r.cidr_ipv4 && `cidr:${r.cidr_ipv4}`,
      r.referenced_security_group_id && `sg:${role(r.referenced_security_group_id)}`,
      r.prefix_list_id && `pl:${r.prefix_list_id}`,
    ];
    expect(peers.filter(Boolean)).toHaveLength(1);
    return `${role(r.security_group_id)} ${direction} ${r.from_port} ${peers.find(Boolean)}`;
  };
  return [...resourcesOf(json, "aws_vpc_security_group_ingress_rule").map(line("in")), ...resourcesOf(json, "aws_vpc_security_group_egress_rule").map(line("out"))].sort();
}

/** The rules the design calls for: each hop opens one port to the next, nothing else. */
function expectedRules(config: EnvironmentConfig, albIngress: AlbIngress): string[] {
  const n = Names.for(config);
  const [alb, app, db, cache, endpoints] = ["alb", "app", "db", "cache", "endpoints"].map((r) => n.of(r));
  const services = config.compute.services;
  const albPorts = distinct(services.filter((s) => s.albPathPatterns).map((s) => s.containerPort));
  const servicePorts = distinct(services.map((s) => s.containerPort));
  return [
    ...(albIngress.kind === "internet"
      ? [`${alb} in ${PORTS.https} cidr:0.0.0.0/0`, `${alb} in ${PORTS.http} cidr:0.0.0.0/0`]
      : [`${alb} in ${albIngress.port} pl:${albIngress.prefixListId}`]),
    ...albPorts.flatMap((p) => [`${alb} out ${p} sg:${app}`, `${app} in ${p} sg:${alb}`]),
    ...servicePorts.flatMap((p) => [`${app} in ${p} sg:${app}`, `${app} out ${p} sg:${app}`]),
    `${app} out ${PORTS.postgres} sg:${db}`,
    `${app} out ${PORTS.redis} sg:${cache}`,
    `${app} out ${PORTS.https} cidr:0.0.0.0/0`,
    `${db} in ${PORTS.postgres} sg:${app}`,
    `${cache} in ${PORTS.redis} sg:${app}`,
    ...(config.network.natStrategy === "none" ? [`${endpoints} in ${PORTS.https} sg:${app}`] : []),
  ].sort();
}

describe("PlatformSecurityGroups (synthScope)", () => {
  const cloudFrontOnly = (config: EnvironmentConfig): AlbIngress => ({ kind: "cloudfront", prefixListId: PREFIX_LIST, port: albOriginPort(config) });
  const profiles: ProfileName[] = ["dev", "prod"];
  const prod = configFor("prod");
  // No NAT: the app reaches AWS APIs through interface endpoints, which get their own group.
  const isolated = configFor("dev", {}, (p) => ({ ...p, network: { ...p.network, natStrategy: "none" } }));
  const internet: AlbIngress = { kind: "internet" };

  it.each(profiles)("%s: opens exactly one port per hop, CloudFront -> alb -> app -> db/cache", (profile) => {
    const config = configFor(profile);
    const ingress = cloudFrontOnly(config);
    expect(rules(synth(config, ingress))).toEqual(expectedRules(config, ingress));
  });

  it("admits CloudFront's origin-facing prefix list on the origin port only, and nothing from the internet", () => {
    const lines = rules(synth(prod, cloudFrontOnly(prod)));
    expect(lines.filter((l) => / in \d+ pl:/.test(l))).toEqual([`${Names.for(prod).of("alb")} in ${albOriginPort(prod)} pl:${PREFIX_LIST}`]);
    expect(lines.filter((l) => / in \d+ cidr:/.test(l))).toEqual([]);
  });

  it("with internet ingress opens only 80 and 443 to 0.0.0.0/0, on the ALB", () => {
    const lines = rules(synth(prod, internet));
    expect(lines).toEqual(expectedRules(prod, internet));
    const alb = Names.for(prod).of("alb");
    const open = lines.filter((l) => / in \d+ cidr:0\.0\.0\.0\/0$/.test(l));
    expect(open.sort()).toEqual([`${alb} in ${PORTS.http} cidr:0.0.0.0/0`, `${alb} in ${PORTS.https} cidr:0.0.0.0/0`].sort());
  });

  it("adds the interface endpoints' group, HTTPS from the app only, when there is no NAT", () => {
    const json = synth(isolated, cloudFrontOnly(isolated));
    expect(rules(json)).toEqual(expectedRules(isolated, cloudFrontOnly(isolated)));
    expect(resourcesOf(json, "aws_security_group").map(([, g]) => g.name)).toContain(Names.for(isolated).of("endpoints"));
    expect(resourcesOf(synth(prod, cloudFrontOnly(prod)), "aws_security_group").map(([, g]) => g.name)).not.toContain(Names.for(prod).of("endpoints"));
  });

  it("names, describes and tags every group in the VPC, and strips the default group of all rules", () => {
    const json = synth(prod, cloudFrontOnly(prod));
    const n = Names.for(prod);
    for (const [, group] of resourcesOf(json, "aws_security_group")) {
      expect(group).toMatchObject({ vpc_id: "vpc-0abc", description: expect.any(String), tags: { Name: group.name } });
    }
    expect(resourcesOf(json, "aws_security_group").map(([, g]) => g.name).sort()).toEqual(["alb", "app", "db", "cache"].map((r) => n.of(r)).sort());
    expect(onlyResource(json, "aws_default_security_group")).toEqual({ vpc_id: "vpc-0abc", ingress: [], egress: [], tags: { Name: n.of("default-locked") } });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth(prod, cloudFrontOnly(prod)))).toMatchSnapshot();
  });
});
