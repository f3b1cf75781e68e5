import { PROFILE_NAMES } from "../../config/types";
import { albServesTls } from "../../config/derived";
import { Names } from "../../config/names";
import { orderPathPatterns } from "../../config/routing";
import { ALB_SSL_POLICY } from "../../constructs/compute/load-balancer";
import { ORIGIN_VERIFY_HEADER } from "../../stacks/compute";
import { configFor, onlyResource, resourcesOf, type TfJson } from "../support/synth";
import { fakeData, find, ref, synthCompute } from "./fixture";

const SECRET = "${random_password.origin-verify.result}";
const listenerOn = (json: TfJson, port: number) => find(json, "aws_lb_listener", (l) => l.port === port);
const rulesOf = (json: TfJson, listenerKey: string) =>
  resourcesOf(json, "aws_lb_listener_rule").filter(([, r]) => r.listener_arn === ref("aws_lb_listener", listenerKey, "arn"));

describe.each(PROFILE_NAMES)("%s load balancer", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const json = synthCompute(config);
  const tls = albServesTls(config);
  const fronted = config.compute.services.filter((s) => s.albPathPatterns);
  const origin = listenerOn(json, tls ? 443 : 80);

  it("is an internet-facing ALB in the public subnets behind the alb security group", () => {
    expect(onlyResource(json, "aws_lb")).toMatchObject({
      name: names.alb(),
      load_balancer_type: "application",
      internal: false,
      drop_invalid_header_fields: true,
      idle_timeout: 60,
      enable_deletion_protection: config.protection,
      access_logs: { bucket: fakeData(config).albLogBucketName, prefix: "alb", enabled: true },
      security_groups: [expect.stringMatching(/security-groups_alb/)],
    });
    const subnets = onlyResource(json, "aws_lb").subnets as string[];
    expect(subnets).toHaveLength(3);
    for (const subnet of subnets) expect(subnet).toMatch(/vpc_public-/);
  });

  it("answers 404 by default on the origin listener", () => {
    expect(origin.body.default_action).toEqual([
      { type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404", message_body: "not found" } },
    ]);
  });

  if (tls) {
    it(`terminates TLS 1.2+/1.3 on 443${config.edge.restrictAlbToCloudFront ? ", with no port-80 listener nothing could reach" : " and redirects 80 to it"}`, () => {
      expect(origin.body).toMatchObject({ protocol: "HTTPS", ssl_policy: ALB_SSL_POLICY });
      const ports = resourcesOf(json, "aws_lb_listener").map(([, l]) => l.port);
      expect(ports).toEqual(config.edge.restrictAlbToCloudFront ? [443] : expect.arrayContaining([443, 80]));
      for (const [, listener] of resourcesOf(json, "aws_lb_listener").filter(([, l]) => l.protocol === "HTTPS")) {
        expect(listener.ssl_policy).toBe(ALB_SSL_POLICY);
      }
    });

    it("uses a DNS-validated certificate for the API domain", () => {
      const domain = config.edge.domain!;
      const certificate = find(json, "aws_acm_certificate", () => true);
      expect(certificate.body).toMatchObject({ domain_name: domain.apiDomain, validation_method: "DNS" });
      expect(Object.values(json.data?.aws_route53_zone ?? {})).toEqual([{ name: domain.hostedZone, private_zone: false }]);
      const records = onlyResource(json, "aws_route53_record");
      expect(records.name).toContain(`aws_acm_certificate.${certificate.key}.domain_validation_options`);
      expect(records.zone_id).toMatch(/^\$\{data\.aws_route53_zone\..+\.zone_id\}$/);
      const validation = find(json, "aws_acm_certificate_validation", () => true);
      expect(origin.body.certificate_arn).toBe(ref("aws_acm_certificate_validation", validation.key, "certificate_arn"));
    });
  } else {
    it("listens on HTTP 80 only, with no certificate", () => {
      expect(resourcesOf(json, "aws_lb_listener")).toHaveLength(1);
      expect(origin.body.protocol).toBe("HTTP");
      expect(origin.body.ssl_policy).toBeUndefined();
      expect(resourcesOf(json, "aws_acm_certificate")).toEqual([]);
    });
  }

  it("answers /health itself, without the origin header", () => {
    const [, health] = rulesOf(json, origin.key).find(([, r]) => r.priority === 1)!;
    expect(health.condition).toEqual([{ path_pattern: { values: ["/health"] } }]);
    expect(health.action).toEqual([
      { type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "200", message_body: "ok" } },
    ]);
  });

  it("forwards each ALB-fronted service's paths only with the origin secret header", () => {
    const rules = rulesOf(json, origin.key).filter(([, r]) => r.priority !== 1);
    expect(rules).toHaveLength(fronted.length);
    for (const service of fronted) {
      const group = find(json, "aws_lb_target_group", (g) => g.name === names.targetGroup(service.name));
      const groupArn = ref("aws_lb_target_group", group.key, "arn");
      const [, rule] = rules.find(([, r]) => JSON.stringify(r.action).includes(groupArn))!;
      expect(rule.condition).toEqual([
        { path_pattern: { values: orderPathPatterns(service.albPathPatterns!) } },
        { http_header: { http_header_name: ORIGIN_VERIFY_HEADER, values: [SECRET] } },
      ]);
      if (!config.compute.blueGreen) expect(rule.action).toEqual([{ type: "forward", target_group_arn: groupArn }]);
      const values = rule.condition.reduce((n: number, c: Record<string, { values: string[] }>) => n + Object.values(c)[0].values.length, 0);
      expect(values).toBeLessThanOrEqual(5);
    }
    expect(new Set(rules.map(([, r]) => r.priority)).size).toBe(rules.length);
  });

  it("generates the origin secret here: 48 characters, header-safe", () => {
    expect(onlyResource(json, "random_password")).toEqual({ length: 48, special: false });
  });

  it("health-checks each fronted service's targets by IP", () => {
    for (const service of fronted) {
      const group = find(json, "aws_lb_target_group", (g) => g.name === names.targetGroup(service.name)).body;
      expect(group).toMatchObject({
        target_type: "ip",
        protocol: "HTTP",
        port: service.containerPort,
        deregistration_delay: String(config.compute.deregistrationDelaySeconds),
        health_check: {
          path: service.healthCheckPath,
          interval: 30,
          healthy_threshold: 2,
          unhealthy_threshold: 3,
          timeout: 5,
          matcher: "200-399",
        },
      });
    }
  });
});

describe("an ALB open to the internet (restrictAlbToCloudFront off)", () => {
  const json = synthCompute(configFor("staging", {}, (p) => ({ ...p, edge: { ...p.edge, restrictAlbToCloudFront: false } })));

  it("redirects port 80 to HTTPS permanently", () => {
    expect(listenerOn(json, 80).body).toMatchObject({
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });
});

describe("certificate given by ARN", () => {
  const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
  const json = synthCompute(configFor("dev", {}, (p) => ({ ...p, compute: { ...p.compute, albCertificateArn: arn } })));

  it("serves HTTPS with it and issues no certificate", () => {
    expect(listenerOn(json, 443).body).toMatchObject({ protocol: "HTTPS", certificate_arn: arn, ssl_policy: ALB_SSL_POLICY });
    expect(resourcesOf(json, "aws_acm_certificate")).toEqual([]);
    expect(json.output?.alb_url.value).toMatch(/^https:\/\/\$\{aws_lb\..*\.dns_name\}$/);
  });
});
