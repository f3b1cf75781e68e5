import { albServesTls } from "../../config/derived";
import type { EnvironmentConfig, ProfileName } from "../../config/types";
import type { ComputeOutputs, DataOutputs } from "../../constructs/contracts";
import { fakeData } from "../support/fakes";
import { EdgeStack } from "../../stacks/edge";
import { configFor, memoize, onlyResource, resourcesOf, synthStacks, testApp, type TfJson } from "../support/synth";

export const ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/payment-alb-dev/abc";
export const ALB_DNS_NAME = "payment-alb-dev-123.eu-west-1.elb.amazonaws.com";
export const ORIGIN_SECRET = "test-secret";
export const LOGS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/logs";

/** Stand-ins for the data and compute stacks' outputs (plain strings where the app has tokens). */
export function fakeUpstream(config: EnvironmentConfig): { data: DataOutputs; compute: ComputeOutputs } {
  const data = fakeData(config);
  const tls = albServesTls(config);
  const compute: ComputeOutputs = {
    albArn: ALB_ARN,
    albArnSuffix: "app/payment-alb-dev/abc",
    albDnsName: ALB_DNS_NAME,
    albZoneId: "Z32O12XQLNTSW2",
    albUrl: config.edge.domain ? `https://${config.edge.domain.apiDomain}` : `${tls ? "https" : "http"}://${ALB_DNS_NAME}`,
    albServesTls: tls,
    originVerifyHeaderName: "X-Origin-Verify",
    originVerifyHeaderValue: ORIGIN_SECRET,
    clusterName: "payment-cluster-test",
    serviceNames: ["api-gateway", "payment-processor", "fraud-detector"],
    serviceDiscoveryNamespace: "test.payment.local",
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:payment-alarms-test",
  };
  return { data, compute };
}

/** The edge stack alone, synthesized against fake upstream outputs. */
export function synthEdge(config: EnvironmentConfig): { json: TfJson; stack: EdgeStack } {
  const stack = new EdgeStack(testApp(), { config, ...fakeUpstream(config) });
  return { json: synthStacks({ stack }).stack, stack };
}

/** The edge stack of a shipped profile, synthesized once per registry. */
export function edge(profile: ProfileName): TfJson {
  return memoize(`edge:${profile}`, () => synthEdge(configFor(profile)).json);
}

export const distributionOf = (json: TfJson) => onlyResource(json, "aws_cloudfront_distribution");

export const statementsOf = (policy: string): any[] => JSON.parse(policy).Statement;

/** The one resource of `type` whose `name` attribute is `name`. */
export function byName(json: TfJson, type: string, name: string): Record<string, any> {
  const found = resourcesOf(json, type).filter(([, r]) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0][1];
}

export const DISTRIBUTION_ARN = /^\$\{aws_cloudfront_distribution\.cdn_distribution_\w+\.arn\}$/;
