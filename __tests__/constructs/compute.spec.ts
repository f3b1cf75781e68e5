import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { albServesTls } from "../../config/derived";
import { Names } from "../../config/names";
import { PROFILES } from "../../config/profiles";
import { orderPathPatterns } from "../../config/routing";
import type { ProfileName, ServiceConfig } from "../../config/types";
import { LoadBalancerAlarms, RunningTasksAlarm } from "../../constructs/compute/alarms";
import { BlueGreenDeployment, CodeDeployRole } from "../../constructs/compute/blue-green";
import { rulePriority, ServiceIngress } from "../../constructs/compute/ingress";
import { HEALTH_RULE_PRIORITY } from "../../constructs/compute/listener-rules";
import { ALB_SSL_POLICY, ORIGIN_PORTS } from "../../constructs/compute/load-balancer";
import { ServiceTargetGroups } from "../../constructs/compute/target-groups";
import { AwsAccount } from "../../constructs/iam";
import { ORIGIN_VERIFY_HEADER } from "../../stacks/compute";
import { configFor, onlyResource, resourcesOf, snapshotView, synthConstruct, type TfJson } from "../support/synth";

const prod = configFor("prod");
const names = Names.for(prod);
const fronted = (services: readonly ServiceConfig[]) => services.filter((s) => s.albPathPatterns);
const TOPIC_ARN = `arn:aws:sns:${prod.region}:123456789012:${names.alarmTopic()}`;
const CERTIFICATE_ARN = `arn:aws:acm:${prod.region}:123456789012:certificate/0f1e2d3c`;

/** The bodies of `type`, keyed by a field of each (a name the test can spell). */
const byField = (json: TfJson, type: string, field: string): Record<string, Record<string, any>> =>
  Object.fromEntries(resourcesOf(json, type).map(([, body]) => [body[field], body]));

describe("BlueGreenDeployment (synthScope)", () => {
  const service = fronted(prod.compute.services)[0];
  const groupNames = [names.targetGroup(service.name), names.targetGroup(service.name, true)] as const;
  const listenerArn = `arn:aws:elasticloadbalancing:${prod.region}:123456789012:listener/app/${names.alb()}/50dc6c495c0c9188/f2f7dc8efc522ab2`;
  const alarmNames = [
    names.of("target-5xx-rate"),
    names.of("alb-p99-latency"),
    ...[service.name, `${service.name}-alt`].map((label) => names.of(`${label}-unhealthy-hosts`)),
  ];
  const synth = (terminationWaitMinutes?: number) =>
    synthConstruct((scope) => {
      // Stand-ins for what the stack passes: the service's listener rule and the role's policy attachment.
      const rule = new LbListenerRule(scope, "rule", {
        listenerArn,
        priority: 100,
        condition: [{ pathPattern: { values: ["/api/*"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:::targetgroup/blue/1" }],
      });
      const attachment = new IamRolePolicyAttachment(scope, "attachment", { role: names.codeDeployRole(), policyArn: "arn:aws:iam::123456789012:policy/cd" });
      new BlueGreenDeployment(scope, "blue-green", {
        name: names.of(service.name),
        serviceRoleArn: `arn:aws:iam::123456789012:role/${names.codeDeployRole()}`,
        clusterName: names.of("cluster"),
        serviceName: names.of(service.name),
        targetGroupNames: groupNames,
        prodListenerArn: listenerArn,
        attachedBy: [rule],
        roleReady: attachment,
        alarmNames,
        terminationWaitMinutes,
      });
    });
  const json = synth();
  const group = onlyResource(json, "aws_codedeploy_deployment_group");

  it("is an ECS application whose group deploys blue/green with traffic control, all at once", () => {
    expect(onlyResource(json, "aws_codedeploy_app")).toEqual({ name: names.of(service.name), compute_platform: "ECS" });
    expect(group).toMatchObject({
      app_name: expect.stringMatching(/^\$\{aws_codedeploy_app\.[\w-]+\.name\}$/),
      deployment_group_name: names.of(service.name),
      deployment_config_name: "CodeDeployDefault.ECSAllAtOnce",
      deployment_style: { deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" },
      ecs_service: { cluster_name: names.of("cluster"), service_name: names.of(service.name) },
    });
  });

  it("shifts the production listener between the two groups, blue first, with no test listener", () => {
    const pair = group.load_balancer_info.target_group_pair_info;
    expect(pair.target_group).toEqual(groupNames.map((name) => ({ name })));
    expect(pair.prod_traffic_route).toEqual({ listener_arns: [listenerArn] });
    expect(pair.test_traffic_route).toBeUndefined();
  });

  it("rolls back on failure and on any of the alarms, and keeps the old task set 5 minutes by default", () => {
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
    expect(group.alarm_configuration).toEqual({ enabled: true, alarms: alarmNames });
    expect(group.blue_green_deployment_config).toEqual({
      deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
      terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 5 },
    });
    const longer = onlyResource(synth(30), "aws_codedeploy_deployment_group");
    expect(longer.blue_green_deployment_config.terminate_blue_instances_on_deployment_success.termination_wait_time_in_minutes).toBe(30);
  });

  it("waits for the listener rule and the role's policy, which CodeDeploy checks when the group is created", () => {
    const [[ruleKey]] = resourcesOf(json, "aws_lb_listener_rule");
    const [[attachmentKey]] = resourcesOf(json, "aws_iam_role_policy_attachment");
    expect(group.depends_on).toEqual([`aws_lb_listener_rule.${ruleKey}`, `aws_iam_role_policy_attachment.${attachmentKey}`]);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("CodeDeployRole resources (synthScope)", () => {
  const serviceNames = fronted(prod.compute.services).map((s) => names.of(s.name));
  const passRoleArns = fronted(prod.compute.services)
    .flatMap((s) => [names.taskRole(s.name), names.executionRole(s.name)])
    .map((role) => `arn:aws:iam::123456789012:role/${role}`);
  const alarmArnPattern = `arn:aws:cloudwatch:${prod.region}:123456789012:alarm:${names.of("*")}`;
  const json = synthConstruct((scope) => {
    new CodeDeployRole(scope, "codedeploy", {
      roleName: names.codeDeployRole(),
      policyName: names.codeDeployPolicy(),
      account: new AwsAccount(scope, "account"),
      region: prod.region,
      clusterName: names.of("cluster"),
      serviceNames,
      albName: names.alb(),
      passRoleArns,
      alarmArnPattern,
    });
  });
  const statements: Record<string, Record<string, any>> = Object.fromEntries(
    JSON.parse(onlyResource(json, "aws_iam_policy").policy).Statement.map((s: Record<string, any>) => [s.Sid, s]),
  );
  /** arn:<partition token>:<service>:<region>:<account token>:<resource>, as AwsAccount.arn renders it. */
  const arn = (service: string, resource: string) =>
    expect.stringMatching(new RegExp(`^arn:\\$\\{[^}]+\\}:${service}:${prod.region}:\\$\\{[^}]+\\}:${resource.replace(/\*/g, "\\*")}$`));

  it("is assumed by CodeDeploy for this account only", () => {
    const [trust] = JSON.parse(onlyResource(json, "aws_iam_role").assume_role_policy).Statement;
    expect(trust).toMatchObject({ Principal: { Service: "codedeploy.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": expect.any(String) } } });
  });

  it("touches only this environment's blue/green services, their task sets and the ALB's listeners", () => {
    const services = serviceNames.map((s) => arn("ecs", `service/${names.of("cluster")}/${s}`));
    expect(statements.Services.Resource).toEqual(services);
    expect(statements.TaskSets.Resource).toEqual([...services, ...serviceNames.map((s) => arn("ecs", `task-set/${names.of("cluster")}/${s}/*`))]);
    expect(statements.ShiftTraffic.Resource).toEqual([
      arn("elasticloadbalancing", `listener/app/${names.alb()}/*`),
      arn("elasticloadbalancing", `listener-rule/app/${names.alb()}/*`),
    ]);
    expect(statements.Alarms.Resource).toBe(alarmArnPattern);
  });

  it("passes only the services' own roles, and only to ECS tasks", () => {
    expect(statements.PassTaskRoles).toMatchObject({ Resource: passRoleArns, Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("LoadBalancerAlarms (synthScope)", () => {
  const thresholds = PROFILES.prod.alarms;
  const albArnSuffix = `app/${names.alb()}/50dc6c495c0c9188`;
  // The labels the compute stack gives: `<service>`, plus `<service>-alt` with blue/green.
  const targetGroups = Object.fromEntries(
    fronted(prod.compute.services).flatMap((s) => [s.name, ...(prod.compute.blueGreen ? [`${s.name}-alt`] : [])].map((label, i) => [label, `targetgroup/${label}/${i}`])),
  );
  let construct!: LoadBalancerAlarms;
  const json = synthConstruct((scope) => {
    construct = new LoadBalancerAlarms(scope, "alb-alarms", { name: (t) => names.of(t), topicArn: TOPIC_ARN, albArnSuffix, targetGroups, thresholds });
  });
  const alarms = byField(json, "aws_cloudwatch_metric_alarm", "alarm_name");

  it("raises one ALB-wide alarm per signal and one unhealthy-hosts alarm per target group, each notifying on alarm and recovery", () => {
    expect(Object.keys(alarms)).toHaveLength(3 + Object.keys(targetGroups).length);
    expect(Object.keys(construct.unhealthyHosts)).toEqual(Object.keys(targetGroups));
    for (const alarm of Object.values(alarms)) {
      expect(alarm).toMatchObject({ alarm_actions: [TOPIC_ARN], ok_actions: [TOPIC_ARN], treat_missing_data: "notBreaching" });
    }
  });

  it("counts the ALB's own 5XX against the profile's threshold", () => {
    expect(alarms[names.of("alb-5xx")]).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HTTPCode_ELB_5XX_Count",
      dimensions: { LoadBalancer: albArnSuffix },
      statistic: "Sum",
      period: 300,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.alb5xxCount,
    });
  });

  it("alarms on the targets' 5XX rate in percent of requests, with no errors counting as zero", () => {
    const rate = alarms[names.of("target-5xx-rate")];
    expect(rate).toMatchObject({ threshold: thresholds.target5xxRatePercent, comparison_operator: "GreaterThanOrEqualToThreshold" });
    expect(rate.namespace).toBeUndefined();
    const queries = Object.fromEntries(rate.metric_query.map((q: Record<string, any>) => [q.id, q]));
    expect(queries.errors.metric).toMatchObject({ metric_name: "HTTPCode_Target_5XX_Count", stat: "Sum", period: 300, dimensions: { LoadBalancer: albArnSuffix } });
    expect(queries.requests.metric).toMatchObject({ metric_name: "RequestCount", stat: "Sum", period: 300, dimensions: { LoadBalancer: albArnSuffix } });
    expect(queries.rate).toMatchObject({ expression: "100 * FILL(errors, 0) / requests", return_data: true });
    expect(rate.metric_query.filter((q: Record<string, any>) => q.return_data)).toHaveLength(1);
  });

  it("alarms on p99 latency above the profile's seconds", () => {
    const p99 = alarms[names.of("alb-p99-latency")];
    expect(p99).toMatchObject({
      metric_name: "TargetResponseTime",
      extended_statistic: "p99",
      comparison_operator: "GreaterThanThreshold",
      threshold: thresholds.p99LatencySeconds,
    });
    expect(p99.statistic).toBeUndefined();
  });

  it.each(Object.entries(targetGroups))("alarms on any unhealthy target of %s for two minutes", (label, arnSuffix) => {
    expect(alarms[names.of(`${label}-unhealthy-hosts`)]).toMatchObject({
      metric_name: "UnHealthyHostCount",
      dimensions: { LoadBalancer: albArnSuffix, TargetGroup: arnSuffix },
      statistic: "Maximum",
      period: 60,
      evaluation_periods: 2,
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("RunningTasksAlarm (synthScope)", () => {
  const service = prod.compute.services[0];
  const dimensions = { ClusterName: names.of("cluster"), ServiceName: names.of(service.name) };
  const json = synthConstruct((scope) => {
    new RunningTasksAlarm(scope, "running-tasks", {
      alarmName: names.of(`${service.name}-running-tasks`),
      topicArn: TOPIC_ARN,
      clusterName: dimensions.ClusterName,
      serviceName: dimensions.ServiceName,
    });
  });
  const alarm = onlyResource(json, "aws_cloudwatch_metric_alarm");

  it("fires when fewer tasks run than desired for five one-minute periods, and notifies on recovery", () => {
    expect(alarm).toMatchObject({
      alarm_name: names.of(`${service.name}-running-tasks`),
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
      evaluation_periods: 5,
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
    });
    const queries = Object.fromEntries(alarm.metric_query.map((q: Record<string, any>) => [q.id, q]));
    for (const [id, metricName] of [["running", "RunningTaskCount"], ["desired", "DesiredTaskCount"]]) {
      expect(queries[id].metric).toEqual({ namespace: "ECS/ContainerInsights", metric_name: metricName, dimensions, stat: "Average", period: 60 });
    }
    expect(queries.missing).toMatchObject({ expression: "desired - running", return_data: true });
  });

  it("keeps its state through a gap in Container Insights instead of calling it healthy", () => {
    expect(alarm.treat_missing_data).toBe("missing");
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("ServiceTargetGroups (synthScope)", () => {
  const service = fronted(prod.compute.services)[0];
  const deregistrationDelaySeconds = prod.compute.deregistrationDelaySeconds;
  let construct!: ServiceTargetGroups;
  const synth = (blueGreen: boolean) =>
    synthConstruct((scope) => {
      construct = new ServiceTargetGroups(scope, "target-groups", {
        service: service.name,
        vpcId: "vpc-0abc",
        port: service.containerPort,
        healthCheckPath: service.healthCheckPath,
        deregistrationDelaySeconds,
        primaryName: names.targetGroup(service.name),
        alternateName: blueGreen ? names.targetGroup(service.name, true) : undefined,
      });
    });
  const rolling = synth(false);
  const rollingLabels = construct.all.map((t) => t.label);
  const blueGreen = synth(true);
  const blueGreenLabels = construct.all.map((t) => t.label);
  const byName = byField(blueGreen, "aws_lb_target_group", "name");
  const blue = byName[names.targetGroup(service.name)];
  const green = byName[names.targetGroup(service.name, true)];
  const groups = [blue, green];

  it("has one group for a rolling service and a pair for blue/green, labelled as the alarms name them", () => {
    expect(resourcesOf(rolling, "aws_lb_target_group").map(([, g]) => g.name)).toEqual([names.targetGroup(service.name)]);
    expect(rollingLabels).toEqual([service.name]);
    expect(Object.keys(byName).sort()).toEqual([names.targetGroup(service.name), names.targetGroup(service.name, true)].sort());
    expect(blueGreenLabels).toEqual([service.name, `${service.name}-alt`]);
  });

  it("targets Fargate task IPs on the container port and drains for the profile's delay", () => {
    for (const group of groups) {
      expect(group).toMatchObject({
        vpc_id: "vpc-0abc",
        target_type: "ip",
        protocol: "HTTP",
        port: service.containerPort,
        deregistration_delay: String(deregistrationDelaySeconds),
      });
    }
  });

  it("health-checks the service's path, healthy after 2 passes and unhealthy after 3 failures", () => {
    for (const group of groups) {
      expect(group.health_check).toEqual({
        enabled: true,
        path: service.healthCheckPath,
        protocol: "HTTP",
        interval: 30,
        timeout: 5,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
        matcher: "200-399",
      });
    }
  });

  it("makes the pair identical except for the name, so either can take production traffic", () => {
    expect({ ...green, name: blue.name }).toEqual(blue);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(blueGreen)).toMatchSnapshot();
  });
});

describe("ServiceIngress (synthScope)", () => {
  const originSecret = "origin-secret-value";
  /** The construct as the compute stack builds it for `profile`; `cloudFrontOnly` may be overridden. */
  const synth = (profile: ProfileName, services?: readonly ServiceConfig[], cloudFrontOnly?: boolean) => {
    const config = configFor(profile);
    const n = Names.for(config);
    let construct!: ServiceIngress;
    const json = synthConstruct((scope) => {
      construct = new ServiceIngress(scope, "ingress", {
        services: services ?? config.compute.services,
        albName: n.alb(),
        targetGroupName: (service, alternate) => n.targetGroup(service, alternate),
        vpcId: "vpc-0abc",
        publicSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        albSecurityGroupId: "sg-alb",
        accessLogBucket: "payment-alb-logs-test-123456789012",
        deletionProtection: config.protection,
        certificateArn: albServesTls(config) ? CERTIFICATE_ARN : undefined,
        deregistrationDelaySeconds: config.compute.deregistrationDelaySeconds,
        originHeader: { name: ORIGIN_VERIFY_HEADER, value: originSecret },
        blueGreen: config.compute.blueGreen,
        cloudFrontOnly: cloudFrontOnly ?? config.edge.restrictAlbToCloudFront,
      });
    });
    return { config, names: n, json, construct };
  };
  const profiles = ["dev", "prod"] as const;
  const built = Object.fromEntries(profiles.map((p) => [p, synth(p)])) as Record<(typeof profiles)[number], ReturnType<typeof synth>>;
  const serviceRules = (json: TfJson) => resourcesOf(json, "aws_lb_listener_rule").filter(([, r]) => r.priority !== HEALTH_RULE_PRIORITY);

  it.each(profiles)("%s: an internet-facing ALB that drops invalid headers and logs every request", (profile) => {
    const { config, names: n, json } = built[profile];
    expect(onlyResource(json, "aws_lb")).toMatchObject({
      name: n.alb(),
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-b", "subnet-c"],
      security_groups: ["sg-alb"],
      drop_invalid_header_fields: true,
      enable_deletion_protection: config.protection,
      access_logs: { bucket: "payment-alb-logs-test-123456789012", enabled: true },
    });
  });

  it("terminates TLS 1.2+ with the certificate when the profile has one, on the one origin listener", () => {
    const { config, json } = built.prod;
    expect(albServesTls(config)).toBe(true);
    expect(onlyResource(json, "aws_lb_listener")).toMatchObject({
      port: ORIGIN_PORTS.tls,
      protocol: "HTTPS",
      ssl_policy: ALB_SSL_POLICY,
      certificate_arn: CERTIFICATE_ARN,
      default_action: [{ type: "fixed-response", fixed_response: { status_code: "404" } }],
    });
  });

  it("listens on HTTP only, with no TLS settings, when the profile has no certificate", () => {
    const { config, json } = built.dev;
    expect(albServesTls(config)).toBe(false);
    const listener = onlyResource(json, "aws_lb_listener");
    expect(listener).toMatchObject({ port: ORIGIN_PORTS.plain, protocol: "HTTP" });
    expect(listener.ssl_policy).toBeUndefined();
    expect(listener.certificate_arn).toBeUndefined();
  });

  it("adds the HTTP-to-HTTPS redirect only when clients other than CloudFront may connect", () => {
    const open = synth("prod", undefined, false).json;
    const redirect = resourcesOf(open, "aws_lb_listener").find(([, l]) => l.port === 80)?.[1];
    expect(redirect?.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
    expect(resourcesOf(built.prod.json, "aws_lb_listener").map(([, l]) => l.port)).toEqual([ORIGIN_PORTS.tls]);
  });

  it.each(profiles)("%s: target groups for the ALB-fronted services only, a pair each with blue/green", (profile) => {
    const { config, names: n, json, construct } = built[profile];
    const expected = fronted(config.compute.services).flatMap((s) => [n.targetGroup(s.name), ...(config.compute.blueGreen ? [n.targetGroup(s.name, true)] : [])]);
    const groups = resourcesOf(json, "aws_lb_target_group").map(([, g]) => g);
    expect(groups.map((g) => g.name).sort()).toEqual(expected.sort());
    expect(Object.keys(construct.targetGroups).sort()).toEqual(fronted(config.compute.services).map((s) => s.name).sort());
    expect(groups.every((g) => g.deregistration_delay === String(config.compute.deregistrationDelaySeconds))).toBe(true);
  });

  it.each(profiles)("%s: forwards a service's paths only with CloudFront's origin header", (profile) => {
    const { config, json } = built[profile];
    const rules = serviceRules(json);
    expect(rules).toHaveLength(fronted(config.compute.services).length);
    for (const [, rule] of rules) {
      expect(rule.condition).toContainEqual({ http_header: { http_header_name: ORIGIN_VERIFY_HEADER, values: [originSecret] } });
      expect(rule.listener_arn).toMatch(/^\$\{aws_lb_listener\.[\w-]+\.arn\}$/);
    }
  });

  it("answers /health from the ALB itself, ahead of every service and without the header", () => {
    const [, health] = resourcesOf(built.prod.json, "aws_lb_listener_rule").find(([, r]) => r.priority === HEALTH_RULE_PRIORITY)!;
    expect(health.condition).toEqual([{ path_pattern: { values: ["/health"] } }]);
    expect(health.action).toEqual([{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "200", message_body: "ok" } }]);
  });

  it("with blue/green attaches the idle group at weight 0 and leaves the action to CodeDeploy", () => {
    for (const [, rule] of serviceRules(built.prod.json)) {
      expect(rule.action[0].forward.target_group.map((t: Record<string, unknown>) => t.weight)).toEqual([100, 0]);
      expect(rule.lifecycle).toEqual({ ignore_changes: ["action"] });
    }
  });

  it("with rolling deploys forwards to the one group and lets Terraform own the action", () => {
    for (const [, rule] of serviceRules(built.dev.json)) {
      expect(rule.action).toEqual([{ type: "forward", target_group_arn: expect.stringMatching(/^\$\{aws_lb_target_group\.[\w-]+\.arn\}$/) }]);
      expect(rule.lifecycle).toBeUndefined();
    }
  });

  it("gives each fronted service a stable priority from its own patterns, most specific patterns first", () => {
    // A second fronted service, as an operator would add one; its paths do not overlap the others'.
    const base = PROFILES.prod.compute.services;
    const services = [...base, { ...fronted(base)[0], name: "ledger", albPathPatterns: ["/ledger/*", "/ledger/v2/exports/*"] }];
    const { json, names: n } = synth("prod", services);
    const rules = byField(json, "aws_lb_listener_rule", "priority");
    const expected = fronted(services).map((s) => rulePriority(s.albPathPatterns!, services.indexOf(s)));
    expect(new Set(expected).size).toBe(expected.length);
    for (const [i, s] of fronted(services).entries()) {
      expect(rules[expected[i]].condition[0]).toEqual({ path_pattern: { values: orderPathPatterns(s.albPathPatterns!) } });
    }
    expect(resourcesOf(json, "aws_lb_target_group").map(([, g]) => g.name)).toEqual(expect.arrayContaining([n.targetGroup("ledger"), n.targetGroup("ledger", true)]));
    // Adding a service leaves every existing rule's priority where it was.
    const before = Object.keys(byField(built.prod.json, "aws_lb_listener_rule", "priority"));
    expect(Object.keys(rules)).toEqual(expect.arrayContaining(before));
  });

  it("matches its snapshot", () => {
    expect(snapshotView(built.prod.json)).toMatchSnapshot();
  });
});
