import { GetDistributionCommand, type CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { paginateDescribeAlarms, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, type ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeDBClustersCommand, type RDSClient } from "@aws-sdk/client-rds";
import type { STSClient } from "@aws-sdk/client-sts";
import { GetWebACLForResourceCommand, type WAFV2Client } from "@aws-sdk/client-wafv2";
import type { Names } from "../../config/names";
import type { EnvironmentConfig } from "../../config/types";
import { check, listOutput, stringOutput, type CheckResult, type StackOutputs } from "./check";

export interface VerifyClients {
  /** Asked first: without working credentials nothing is checked. */
  readonly sts: STSClient;
  readonly ecs: ECSClient;
  readonly elb: ElasticLoadBalancingV2Client;
  readonly cloudwatch: CloudWatchClient;
  readonly rds: RDSClient;
  /** Regional scope: the ALB's web ACL. */
  readonly wafv2: WAFV2Client;
  readonly cloudfront: CloudFrontClient;
}

async function describeBatch(ecs: ECSClient, cluster: string, services: string[]) {
  try {
    return await ecs.send(new DescribeServicesCommand({ cluster, services }));
  } catch (error) {
    return error as Error;
  }
}

/** Every ECS service ACTIVE with all desired tasks running and no rollout in progress. */
export async function serviceChecks(outputs: StackOutputs, clients: VerifyClients): Promise<CheckResult[]> {
  let services: string[];
  let cluster: string;
  try {
    cluster = stringOutput(outputs, "ecs_cluster_name");
    services = listOutput(outputs, "service_names");
  } catch (error) {
    return [{ stack: "compute", name: "ECS services", ok: false, detail: (error as Error).message }];
  }
  // DescribeServices takes at most 10 services per call.
  const results: CheckResult[] = [];
  for (let i = 0; i < services.length; i += 10) {
    const batch = services.slice(i, i + 10);
    const answer = await describeBatch(clients.ecs, cluster, batch);
    for (const name of batch) {
      results.push(
        await check("compute", `ECS service ${name}`, async () => {
          if (answer instanceof Error) throw answer;
          const s = answer.services?.find((x) => x.serviceName === name);
          if (!s || s.status !== "ACTIVE") return { ok: false, detail: `not found in ${cluster} (${answer.failures?.find((f) => f.arn?.endsWith(`/${name}`))?.reason ?? s?.status ?? "missing"})` };
          const running = `${s.runningCount ?? 0}/${s.desiredCount ?? 0} running`;
          const rollouts = (s.deployments ?? []).filter((d) => d.status !== "PRIMARY" || d.rolloutState === "IN_PROGRESS").length + Math.max(0, (s.taskSets ?? []).length - 1);
          const ok = s.runningCount === s.desiredCount && (s.desiredCount ?? 0) > 0 && rollouts === 0;
          return { ok, detail: rollouts > 0 ? `${running}, deployment in progress` : running };
        }),
      );
    }
  }
  return results;
}

/** Every target of the services' target groups healthy, and each ALB-fronted service with at least one. */
export async function targetHealthChecks(config: EnvironmentConfig, names: Names, clients: VerifyClients): Promise<CheckResult[]> {
  const fronted = config.compute.services.filter((s) => s.albPathPatterns);
  return Promise.all(
    fronted.map((s) =>
      check("compute", `ALB targets of ${s.name}`, async () => {
        const groupNames = [names.targetGroup(s.name), ...(config.compute.blueGreen ? [names.targetGroup(s.name, true)] : [])];
        const { TargetGroups = [] } = await clients.elb.send(new DescribeTargetGroupsCommand({ Names: groupNames }));
        const states: string[] = [];
        for (const group of TargetGroups) {
          const { TargetHealthDescriptions = [] } = await clients.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }));
          states.push(...TargetHealthDescriptions.map((t) => t.TargetHealth?.State ?? "unknown"));
        }
        const healthy = states.filter((x) => x === "healthy").length;
        const other = states.filter((x) => x !== "healthy" && x !== "draining");
        return { ok: healthy > 0 && other.length === 0, detail: `${healthy} healthy${other.length > 0 ? `, ${other.length} ${[...new Set(other)].join("/")}` : ""} in ${groupNames.join(", ")}` };
      }),
    ),
  );
}

/** The alarms notifying the platform's topic exist (one running-tasks alarm per service at least) and none is in ALARM. */
export async function alarmChecks(outputs: StackOutputs, config: EnvironmentConfig, names: Names, clients: VerifyClients): Promise<CheckResult> {
  return check("compute", "alarms", async () => {
    const topic = stringOutput(outputs, "alarm_topic_arn");
    const alarms: { name: string; state: string }[] = [];
    for await (const page of paginateDescribeAlarms({ client: clients.cloudwatch }, { AlarmTypes: ["MetricAlarm", "CompositeAlarm"] })) {
      for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
        if (a.AlarmActions?.includes(topic)) alarms.push({ name: a.AlarmName ?? "?", state: a.StateValue ?? "?" });
      }
    }
    const expected = config.compute.services.map((s) => names.of(`${s.name}-running-tasks`));
    const absent = expected.filter((e) => !alarms.some((a) => a.name === e));
    const firing = alarms.filter((a) => a.state === "ALARM").map((a) => a.name);
    const problems = [...(absent.length > 0 ? [`missing ${absent.join(", ")}`] : []), ...(firing.length > 0 ? [`in ALARM: ${firing.join(", ")}`] : [])];
    return { ok: problems.length === 0, detail: problems.length === 0 ? `${alarms.length} alarms, none in ALARM` : problems.join("; ") };
  });
}

/** The Aurora cluster available with IAM database authentication on. */
export async function databaseCheck(names: Names, clients: VerifyClients): Promise<CheckResult> {
  const id = names.of("db");
  return check("data", `Aurora cluster ${id}`, async () => {
    const { DBClusters = [] } = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    const c = DBClusters[0];
    if (!c) return { ok: false, detail: "not found" };
    const iam = c.IAMDatabaseAuthenticationEnabled === true;
    return { ok: c.Status === "available" && iam, detail: `${c.Status ?? "unknown"}, IAM auth ${iam ? "on" : "off"}` };
  });
}

/** Both web ACLs attached: CloudFront's to the distribution, the regional one to the ALB. */
export async function wafChecks(outputs: StackOutputs, names: Names, clients: VerifyClients): Promise<CheckResult[]> {
  return [
    await check("edge", "CloudFront web ACL associated", async () => {
      const acl = stringOutput(outputs, "cloudfront_web_acl_arn");
      const { Distribution } = await clients.cloudfront.send(new GetDistributionCommand({ Id: stringOutput(outputs, "cloudfront_distribution_id") }));
      const attached = Distribution?.DistributionConfig?.WebACLId;
      return { ok: attached === acl, detail: attached === acl ? acl : `distribution has ${attached || "no web ACL"}` };
    }),
    await check("edge", "ALB web ACL associated", async () => {
      const acl = stringOutput(outputs, "alb_web_acl_arn");
      const { LoadBalancers = [] } = await clients.elb.send(new DescribeLoadBalancersCommand({ Names: [names.alb()] }));
      const albArn = LoadBalancers[0]?.LoadBalancerArn;
      if (!albArn) return { ok: false, detail: `load balancer ${names.alb()} not found` };
      const { WebACL } = await clients.wafv2.send(new GetWebACLForResourceCommand({ ResourceArn: albArn }));
      return { ok: WebACL?.ARN === acl, detail: WebACL?.ARN === acl ? acl : `ALB has ${WebACL?.ARN ?? "no web ACL"}` };
    }),
  ];
}
