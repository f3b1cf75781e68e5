import { PROFILE_NAMES } from "../../config/types";
import { Names } from "../../config/names";
import { TRANSACTION_METRICS_NAMESPACE, WILDCARD_RESOURCE_ACTIONS } from "../../constructs/compute/iam-policies";
import { configFor, resourcesOf } from "../support/synth";
import { asList, fakeData, find, iamStatements, policiesOfRole, ref, roleStatements, synthCompute } from "./fixture";

const CALLER_ACCOUNT = /^\$\{data\.aws_caller_identity\.[^.]+\.account_id\}$/;

describe.each(PROFILE_NAMES)("%s IAM", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const data = fakeData(config);
  const json = synthCompute(config);
  const statements = iamStatements(json);
  const roleKey = (name: string) => find(json, "aws_iam_role", (r) => r.name === name).key;
  const policyOf = (name: string) => roleStatements(json, name).map((statement) => ({ statement }));
  const actionsOf = (name: string) => policyOf(name).flatMap(({ statement }) => asList<string>(statement.Action));

  it("grants no wildcard action, and '*' resources only to the listed APIs", () => {
    expect(statements.length).toBeGreaterThan(0);
    for (const { policy, statement } of statements) {
      for (const action of asList<string>(statement.Action)) {
        expect(action).not.toBe("*");
        expect(`${policy}: ${action}`).not.toMatch(/:\*$/);
      }
      const resources = asList<string>(statement.Resource);
      expect(resources.length).toBeGreaterThan(0);
      if (resources.includes("*")) {
        expect(resources).toEqual(["*"]);
        for (const action of asList<string>(statement.Action)) expect(Object.keys(WILDCARD_RESOURCE_ACTIONS)).toContain(action);
      }
    }
  });

  it("lets only this account's ECS tasks and CodeDeploy assume the roles", () => {
    for (const [, role] of resourcesOf(json, "aws_iam_role")) {
      const [trust] = JSON.parse(role.assume_role_policy).Statement;
      expect(trust.Action).toBe("sts:AssumeRole");
      expect(["ecs-tasks.amazonaws.com", "codedeploy.amazonaws.com"]).toContain(trust.Principal.Service);
      expect(trust.Condition.StringEquals["aws:SourceAccount"]).toMatch(CALLER_ACCOUNT);
    }
  });

  it("attaches exactly one customer-managed policy per role, named from Names, and no inline policy", () => {
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual([]);
    const expected = config.compute.services.flatMap((s) => [
      [names.taskRole(s.name), names.taskPolicy(s.name)],
      [names.executionRole(s.name), names.executionPolicy(s.name)],
    ]);
    for (const [role, policy] of expected) {
      const keys = policiesOfRole(json, role);
      expect(keys).toHaveLength(1);
      expect(resourcesOf(json, "aws_iam_policy").find(([k]) => k === keys[0])?.[1].name).toBe(policy);
    }
  });

  for (const service of config.compute.services) {
    it(`gives ${service.name} its own execution role: its image, its log group, its secrets`, () => {
      const role = names.executionRole(service.name);
      const task = find(json, "aws_ecs_task_definition", (t) => t.family === names.of(service.name));
      expect(task.body.execution_role_arn).toBe(ref("aws_iam_role", roleKey(role), "arn"));
      const bySid = Object.fromEntries(policyOf(role).map(({ statement: s }) => [s.Sid, s]));
      expect(bySid.EcrPull.Resource).toEqual([data.ecrRepositories[service.name].arn]);
      expect(bySid.Logs.Resource).toEqual([expect.stringMatching(new RegExp(`:log-group:${names.serviceLogGroup(service.name).replace(/\//g, "\\/")}:\\*$`))]);
      // The API keys only, and only where used: the database master secret is break-glass, never injected into a task.
      expect(bySid.Secrets?.Resource).toEqual(service.usesApiKeys ? [data.apiKeysSecretArn] : undefined);
      expect(bySid.DecryptSecrets).toEqual(
        service.usesApiKeys
          ? expect.objectContaining({
              Action: "kms:Decrypt",
              Resource: data.secretsKeyArn,
              Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${config.region}.amazonaws.com` } },
            })
          : undefined,
      );
      expect(bySid.DecryptImages.Condition.StringEquals["kms:ViaService"]).toBe(`ecr.${config.region}.amazonaws.com`);
      expect(find(json, "aws_iam_role", (r) => r.name === role).body.tags).toEqual({ PaymentService: service.name });
      const ecs = find(json, "aws_ecs_service", (s) => s.name === names.of(service.name));
      expect(ecs.body.depends_on).toEqual(expect.arrayContaining(policiesOfRole(json, role).map(() => expect.stringMatching(/^aws_iam_role_policy_attachment\./))));
    });
  }

  for (const service of config.compute.services) {
    it(`scopes the ${service.name} task role to its queue access "${service.queueAccess}"`, () => {
      const role = names.taskRole(service.name);
      const task = find(json, "aws_ecs_task_definition", (t) => t.family === names.of(service.name));
      expect(task.body.task_role_arn).toBe(ref("aws_iam_role", roleKey(role), "arn"));
      expect(task.body.execution_role_arn).not.toBe(task.body.task_role_arn);
      const policy = policyOf(role).map((s) => s.statement);
      const actions = actionsOf(role);
      const sqs = policy.filter((s) => asList<string>(s.Action).some((a) => a.startsWith("sqs:")));
      if (service.queueAccess === "send") {
        expect(sqs).toEqual([expect.objectContaining({ Action: ["sqs:SendMessage", "sqs:GetQueueAttributes"], Resource: data.queueArn })]);
      } else if (service.queueAccess === "consume") {
        expect(sqs.map((s) => [s.Action, s.Resource])).toEqual([
          [["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], data.queueArn],
          [["sqs:ReceiveMessage", "sqs:GetQueueAttributes"], data.deadLetterQueueArn],
        ]);
        expect(actions).not.toContain("sqs:SendMessage");
      } else {
        expect(sqs).toEqual([]);
        expect(actions.filter((a) => a.startsWith("kms:"))).toEqual([]);
      }
      const metrics = policy.find((s) => s.Action === "cloudwatch:PutMetricData");
      expect(metrics?.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": TRANSACTION_METRICS_NAMESPACE } });
      expect(actions.includes("xray:PutTraceSegments")).toBe(config.compute.xrayTracing);
      expect(actions.some((a) => a.startsWith("ssmmessages:"))).toBe(config.compute.enableExecuteCommand);
      expect(actions.some((a) => a.startsWith("secretsmanager:"))).toBe(false);
      const cache = policy.find((s) => s.Action === "elasticache:Connect");
      expect(cache?.Resource).toEqual(data.cache ? [data.cache.replicationGroupArn, data.cache.userArn] : undefined);
    });
  }
});

describe("wildcard list", () => {
  it("gives a reason for every action", () => {
    for (const [action, reason] of Object.entries(WILDCARD_RESOURCE_ACTIONS)) {
      // One action each; only the metadata-only Describe calls of EC2, ELB and Application Auto Scaling as a family.
      expect(action).toMatch(/^[a-z0-9-]+:([A-Za-z]+|Describe\*)$/);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it("covers ECS Exec's session channels when exec is on", () => {
    const json = synthCompute(configFor("dev", {}, (p) => ({ ...p, compute: { ...p.compute, enableExecuteCommand: true } })));
    const exec = iamStatements(json).filter(({ statement }) => statement.Sid === "ExecuteCommand");
    expect(exec.length).toBeGreaterThan(0);
    for (const { statement } of exec) {
      expect(statement.Resource).toBe("*");
      for (const action of statement.Action) expect(WILDCARD_RESOURCE_ACTIONS[action]).toBeDefined();
    }
  });
});
