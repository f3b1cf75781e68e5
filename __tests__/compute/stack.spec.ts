import { PROFILE_NAMES } from "../../config/types";
import { Testing } from "cdktf";
import { ConfigError } from "../../config/errors";
import { ComputeStack, ORIGIN_VERIFY_HEADER } from "../../stacks/compute";
import { NetworkStack } from "../../stacks/network";
import { configFor, resourcesOf } from "../support/synth";
import { fakeData, synthCompute } from "./fixture";

describe.each(PROFILE_NAMES)("%s compute stack", (profile) => {
  const config = configFor(profile);
  const json = synthCompute(config);

  it("owns no ECR repository or image key: the data stack does, so images exist before tasks start", () => {
    expect(resourcesOf(json, "aws_ecr_repository")).toEqual([]);
    expect(resourcesOf(json, "aws_ecr_repository_policy")).toEqual([]);
    expect(resourcesOf(json, "aws_kms_alias").map(([, a]) => a.name)).not.toContain(`alias/payment-ecr-${config.suffix}`);
  });

  it("publishes the user-facing outputs and never the origin secret", () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      ["alarm_topic_arn", "alb_url", "ecs_cluster_name", "service_discovery_namespace", "service_names"].sort(),
    );
    expect(JSON.stringify(json.output)).not.toContain("random_password");
    const domain = config.edge.domain;
    expect(json.output?.alb_url.value).toEqual(domain ? `https://${domain.apiDomain}` : expect.stringMatching(/^http:\/\/\$\{aws_lb\..+\.dns_name\}$/));
  });

  it("hands typed outputs to the edge stack", () => {
    const app = Testing.app({ stackTraces: false });
    const network = new NetworkStack(app, { config });
    const compute = new ComputeStack(app, { config, network: network.outputs, data: fakeData(config) });
    const o = compute.outputs;
    expect(o.originVerifyHeaderName).toBe(ORIGIN_VERIFY_HEADER);
    expect(o.albServesTls).toBe(Boolean(config.edge.domain || config.compute.albCertificateArn));
    expect(o.serviceNames).toHaveLength(config.compute.services.length);
    for (const value of [o.albArn, o.albArnSuffix, o.albDnsName, o.albZoneId, o.clusterName, o.alarmTopicArn, o.originVerifyHeaderValue]) {
      expect(typeof value).toBe("string");
      expect(value.length).toBeGreaterThan(0);
    }
    expect(json.output?.service_discovery_namespace.value).toContain("aws_service_discovery_private_dns_namespace.");
  });
});

describe("ALB rule limits", () => {
  it("rejects a fifth path pattern: the origin header takes the rule's fifth condition value", () => {
    const fivePatterns = () =>
      configFor("dev", {}, (p) => ({
        ...p,
        compute: {
          ...p.compute,
          services: p.compute.services.map((s) => (s.albPathPatterns ? { ...s, albPathPatterns: ["/a/*", "/b/*", "/c/*", "/d/*", "/e/*"] } : s)),
        },
      }));
    expect(fivePatterns).toThrow(ConfigError);
    expect(fivePatterns).toThrow(/albPathPatterns.*1 to 4 path patterns/);
  });
});
