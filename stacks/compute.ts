import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { imageReference } from "../config/images";
import type { ServiceConfig } from "../config/types";
import { ServiceAutoscaling } from "../constructs/compute/autoscaling";
import { AlarmTopic } from "../constructs/compute/alarm-topic";
import { LoadBalancerAlarms, RunningTasksAlarm } from "../constructs/compute/alarms";
import { BlueGreenDeployment, CodeDeployRole } from "../constructs/compute/blue-green";
import { DnsValidatedCertificate } from "../constructs/certificate";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { FargateCluster } from "../constructs/compute/cluster";
import { OverviewDashboard } from "../constructs/compute/dashboard";
import { DataAlarms } from "../constructs/compute/data-alarms";
import { FargateService } from "../constructs/compute/fargate-service";
import { databaseConnectStatement, executionStatements, taskStatements } from "../constructs/compute/iam-policies";
import { ServiceIngress } from "../constructs/compute/ingress";
import type { AwsAccount } from "../constructs/iam";
import { PaymentStack, type PaymentStackProps } from "./base";
import type { ComputeOutputs, DataOutputs, NetworkOutputs } from "../constructs/contracts";

/** Header CloudFront sends to the ALB; its value is a secret generated here. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
/** Cloud Map namespace: services reach each other at <service>.payment.local:<port>. */
export const SERVICE_DISCOVERY_NAMESPACE = "payment.local";

export interface ComputeStackProps extends PaymentStackProps {
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
}

/**
 * The ECS cluster and one Fargate service per configured service (images from the data
 * stack's repositories), the ALB in front of
 * the ALB-fronted ones (blue/green where configured), autoscaling, alarms and a dashboard.
 */
export class ComputeStack extends PaymentStack {
  readonly outputs: ComputeOutputs;

  constructor(scope: Construct, props: ComputeStackProps) {
    super(scope, "compute", props);
    const { config, names } = this;
    const { compute } = config;
    const { network, data } = props;
    const services = compute.services;
    const blueGreen = compute.blueGreen;
    const name = (thing: string) => names.of(thing);
    const { account } = this;

    new RandomProvider(this, "random");
    const originSecret = new Password(this, "origin-verify", { length: 48, special: false });

    const cluster = new FargateCluster(this, "cluster", { name: names.of("cluster"), fargateSpot: compute.fargateSpot });
    const namespace = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
      name: SERVICE_DISCOVERY_NAMESPACE,
      vpc: network.vpcId,
      description: `Service discovery of the ${config.suffix} payment platform`,
    });

    const ingress = new ServiceIngress(this, "ingress", {
      services,
      albName: names.alb(),
      targetGroupName: (service, alternate) => names.targetGroup(service, alternate),
      vpcId: network.vpcId,
      publicSubnetIds: network.publicSubnetIds,
      albSecurityGroupId: network.securityGroupIds.alb,
      accessLogBucket: data.albLogBucketName,
      deletionProtection: config.protection,
      certificateArn: this.certificateArn(),
      deregistrationDelaySeconds: compute.deregistrationDelaySeconds,
      originHeader: { name: ORIGIN_VERIFY_HEADER, value: originSecret.result },
      blueGreen,
      cloudFrontOnly: config.edge.restrictAlbToCloudFront,
    });
    const lb = ingress.loadBalancer;
    const targetGroups = ingress.targetGroups;

    const deployed = services.map((s) => this.service(s, { account, cluster, namespace, network, data, ingress }));

    const topic = new AlarmTopic(this, "alarm-topic", {
      name: names.alarmTopic(),
      accountId: account.accountId,
      kmsKeyArn: data.secretsKeyArn,
      emails: config.alarms.notificationEmails,
      httpsEndpoint: config.alarms.notificationHttpsEndpoint,
    });
    const albAlarms = new LoadBalancerAlarms(this, "alb-alarms", {
      name,
      topicArn: topic.arn,
      albArnSuffix: lb.alb.arnSuffix,
      targetGroups: Object.fromEntries(Object.values(targetGroups).flatMap((g) => g.all.map((t) => [t.label, t.group.arnSuffix]))),
      thresholds: config.alarms,
    });
    new DataAlarms(this, "data-alarms", {
      name,
      topicArn: topic.arn,
      databaseClusterIdentifier: data.databaseClusterIdentifier,
      queueName: data.queueName,
      deadLetterQueueName: data.deadLetterQueueName,
      thresholds: config.alarms,
    });
    const blueGreenServices = services.flatMap((s, i) => (targetGroups[s.name]?.alternate ? [{ s, deployed: deployed[i] }] : []));
    const codeDeployRole =
      blueGreenServices.length > 0
        ? new CodeDeployRole(this, "codedeploy-role", {
            roleName: names.codeDeployRole(),
            policyName: names.codeDeployPolicy(),
            account,
            region: config.region,
            clusterName: names.of("cluster"),
            serviceNames: blueGreenServices.map(({ s }) => names.of(s.name)),
            albName: names.alb(),
            passRoleArns: blueGreenServices.flatMap(({ deployed: d }) => [d.taskRole.arn, d.executionRole.arn]),
            alarmArnPattern: account.arn("cloudwatch", config.region, `alarm:${names.of("*")}`),
          })
        : undefined;

    services.forEach((s, i) => {
      const serviceName = deployed[i].service.name;
      new RunningTasksAlarm(this, `running-tasks-${s.name}`, {
        alarmName: names.of(`${s.name}-running-tasks`),
        topicArn: topic.arn,
        clusterName: cluster.cluster.name,
        serviceName,
      });
      const tg = targetGroups[s.name];
      new ServiceAutoscaling(this, `autoscaling-${s.name}`, {
        clusterName: cluster.cluster.name,
        serviceName,
        minCapacity: s.minCapacity,
        maxCapacity: s.maxCapacity,
        settings: compute.autoscaling,
        requests: tg
          ? {
              targetPerTask: compute.autoscaling.requestsPerTarget,
              loadBalancerArnSuffix: lb.alb.arnSuffix,
              targetGroupArnSuffixes: tg.all.map((t) => t.group.arnSuffix),
            }
          : undefined,
      });
      if (codeDeployRole && tg?.alternate) {
        new BlueGreenDeployment(this, `blue-green-${s.name}`, {
          name: names.of(s.name),
          serviceRoleArn: codeDeployRole.arn,
          clusterName: cluster.cluster.name,
          serviceName,
          targetGroupNames: [tg.primary.name, tg.alternate.name],
          prodListenerArn: lb.originListener.arn,
          attachedBy: [ingress.originRules.byService[s.name]],
          roleReady: codeDeployRole.attachment,
          alarmNames: [albAlarms.target5xxRate, albAlarms.p99Latency, ...tg.all.map((t) => albAlarms.unhealthyHosts[t.label])].map(
            (a) => a.alarmName,
          ),
        });
      }
    });

    new OverviewDashboard(this, "dashboard", {
      name: names.of("overview"),
      region: config.region,
      albArnSuffix: lb.alb.arnSuffix,
      clusterName: cluster.cluster.name,
      serviceNames: deployed.map((d) => d.service.name),
      databaseClusterIdentifier: data.databaseClusterIdentifier,
    });

    const apiDomain = config.edge.domain?.apiDomain;
    this.outputs = {
      albArn: lb.alb.arn,
      albArnSuffix: lb.alb.arnSuffix,
      albDnsName: lb.alb.dnsName,
      albZoneId: lb.alb.zoneId,
      albUrl: apiDomain ? `https://${apiDomain}` : `${lb.servesTls ? "https" : "http"}://${lb.alb.dnsName}`,
      albServesTls: lb.servesTls,
      originVerifyHeaderName: ORIGIN_VERIFY_HEADER,
      originVerifyHeaderValue: originSecret.result,
      clusterName: cluster.cluster.name,
      serviceNames: deployed.map((d) => d.service.name),
      serviceDiscoveryNamespace: namespace.name,
      alarmTopicArn: topic.arn,
    };
    // User-facing outputs; the origin secret is deliberately not among them.
    new TerraformOutput(this, "alb_url", { value: this.outputs.albUrl });
    new TerraformOutput(this, "ecs_cluster_name", { value: this.outputs.clusterName });
    new TerraformOutput(this, "service_names", { value: this.outputs.serviceNames });
    new TerraformOutput(this, "service_discovery_namespace", { value: this.outputs.serviceDiscoveryNamespace });
    new TerraformOutput(this, "alarm_topic_arn", { value: this.outputs.alarmTopicArn });
  }

  /** A certificate for the API domain, else the configured one, else none (HTTP only). */
  private certificateArn(): string | undefined {
    const domain = this.config.edge.domain;
    if (!domain) return this.config.compute.albCertificateArn;
    const zone = new DataAwsRoute53Zone(this, "public-zone", { name: domain.hostedZone, privateZone: false });
    return new DnsValidatedCertificate(this, "certificate", { domainName: domain.apiDomain, zoneId: zone.zoneId }).arn;
  }

  private service(s: ServiceConfig, ctx: ServiceContext): FargateService {
    const { config, names } = this;
    const { compute } = config;
    const tg = ctx.ingress.targetGroups[s.name];
    return new FargateService(this, `service-${s.name}`, {
      service: s,
      name: names.of(s.name),
      logGroupName: names.serviceLogGroup(s.name),
      taskRoleName: names.taskRole(s.name),
      taskPolicyName: names.taskPolicy(s.name),
      executionRoleName: names.executionRole(s.name),
      executionPolicyName: names.executionPolicy(s.name),
      executionStatements: executionStatements({
        region: config.region,
        ecrRegion: ctx.data.ecrRegion,
        repositoryArns: [ctx.data.ecrRepositories[s.name].arn],
        logGroupArns: [ctx.account.arn("logs", config.region, `log-group:${names.serviceLogGroup(s.name)}`)],
        secretArns: s.usesApiKeys ? [ctx.data.apiKeysSecretArn] : [],
        secretsKeyArn: ctx.data.secretsKeyArn,
        ecrKeyArn: ctx.data.ecrKeyArn,
      }),
      accountId: ctx.account.accountId,
      region: config.region,
      image: imageReference(ctx.data.ecrRepositories[s.name].url, s.imageTag),
      data: ctx.data,
      taskStatements: taskStatements({
        region: config.region,
        queueAccess: s.queueAccess,
        queueArn: ctx.data.queueArn,
        deadLetterQueueArn: ctx.data.deadLetterQueueArn,
        secretsKeyArn: ctx.data.secretsKeyArn,
        xrayTracing: compute.xrayTracing,
        executeCommand: compute.enableExecuteCommand,
        cacheArns: ctx.data.cache ? [ctx.data.cache.replicationGroupArn, ctx.data.cache.userArn] : undefined,
        databaseConnect: ctx.data.databaseUsers[s.name]
          ? databaseConnectStatement({
              partition: ctx.account.partition,
              region: config.region,
              accountId: ctx.account.accountId,
              clusterResourceId: ctx.data.databaseClusterResourceId,
              user: ctx.data.databaseUsers[s.name],
            })
          : undefined,
      }),
      clusterArn: ctx.cluster.cluster.arn,
      capacityStrategy: ctx.cluster.strategy,
      capacityProviders: ctx.cluster.capacityProviders,
      namespaceId: ctx.namespace.id,
      subnetIds: ctx.network.privateSubnetIds,
      securityGroupId: ctx.network.securityGroupIds.app,
      logsKeyArn: ctx.data.logsKeyArn,
      logRetentionDays: config.logRetentionDays,
      xrayTracing: compute.xrayTracing,
      executeCommand: compute.enableExecuteCommand,
      forceDestroyDiscovery: !config.protection,
      loadBalancing: tg ? { targetGroupArn: tg.primary.arn, attachedBy: [ctx.ingress.originRules.byService[s.name]] } : undefined,
      controller: tg && compute.blueGreen ? "CODE_DEPLOY" : "ECS",
      steadyStateTimeoutMinutes: compute.steadyStateTimeoutMinutes,
    });
  }
}

interface ServiceContext {
  readonly account: AwsAccount;
  readonly cluster: FargateCluster;
  readonly namespace: ServiceDiscoveryPrivateDnsNamespace;
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
  readonly ingress: ServiceIngress;
}
