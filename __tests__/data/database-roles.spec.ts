import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Testing } from "cdktf";
import { DatabaseRoles, DATABASE_ROLES_CODE, DATABASE_ROLES_RUNTIME } from "../../constructs/data/database-roles";
import { AwsAccount } from "../../constructs/iam";
import { onlyResource, resourcesOf, type TfJson } from "../support/synth";
import * as fs from "node:fs";
import * as path from "node:path";

const CLUSTER_ARN = "arn:aws:rds:eu-west-1:111111111111:cluster:payment-db-test";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-abc";
const USERS = [
  { service: "api-gateway", user: "api_gateway" },
  { service: "ledger", user: "ledger" },
];

const json = JSON.parse(
  Testing.synthScope((scope) => {
    const writer = new CloudwatchLogGroup(scope, "writer-stand-in", { name: "writer" });
    new DatabaseRoles(scope, "roles", {
      name: "payment-db-roles-test",
      account: new AwsAccount(scope, "account"),
      region: "eu-west-1",
      clusterArn: CLUSTER_ARN,
      clusterResourceId: "cluster-RESOURCEID",
      databaseName: "payments",
      users: USERS,
      masterSecretArn: SECRET_ARN,
      secretsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/secrets",
      logsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs",
      logRetentionDays: 365,
      dependsOn: [writer],
    });
  }),
) as TfJson;

describe("DatabaseRoles", () => {
  const fn = onlyResource(json, "aws_lambda_function");
  const invocation = onlyResource(json, "aws_lambda_invocation");
  const policy = JSON.parse(onlyResource(json, "aws_iam_policy").policy);
  const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));

  it("runs the repository's function on a runtime that bundles the AWS SDK v3, outside any VPC", () => {
    expect(fn).toMatchObject({ function_name: "payment-db-roles-test", runtime: DATABASE_ROLES_RUNTIME, handler: "index.handler" });
    expect(DATABASE_ROLES_RUNTIME).toMatch(/^nodejs(2[2-9])\.x$/);
    expect(fn).not.toHaveProperty("vpc_config");
    expect(fs.existsSync(path.join(DATABASE_ROLES_CODE, "index.js"))).toBe(true);
    expect(fn.filename).toMatch(/^assets\/.+\.zip$/);
    expect(fn.environment.variables).toEqual({ CLUSTER_ARN, SECRET_ARN });
  });

  it("logs as JSON to its own group with the platform's retention and key", () => {
    const [[key, group]] = resourcesOf(json, "aws_cloudwatch_log_group").filter(([, g]) => g.name !== "writer");
    expect(group).toEqual({ name: "/aws/lambda/payment-db-roles-test", retention_in_days: 365, kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/logs" });
    expect(fn.logging_config).toEqual({ log_format: "JSON", log_group: `\${aws_cloudwatch_log_group.${key}.name}` });
  });

  it("may only run statements on this cluster with the master secret, through a customer-managed policy", () => {
    expect(bySid.DataApi).toMatchObject({ Action: "rds-data:ExecuteStatement", Resource: CLUSTER_ARN });
    expect(bySid.MasterSecret).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: SECRET_ARN });
    expect(bySid.DecryptMasterSecret).toMatchObject({
      Action: "kms:Decrypt",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
    expect(bySid.Logs.Resource).toMatch(/aws_cloudwatch_log_group\..+\.arn\}:\*$/);
    expect(Object.keys(bySid).sort()).toEqual(["DataApi", "DecryptMasterSecret", "Logs", "MasterSecret"]);
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual([]);
    const trust = JSON.parse(onlyResource(json, "aws_iam_role").assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: "lambda.amazonaws.com" });
    expect(trust.Condition.StringEquals["aws:SourceAccount"]).toMatch(/aws_caller_identity/);
  });

  it("is invoked with every role after the writer exists, and again when the code or the cluster changes", () => {
    expect(JSON.parse(invocation.input)).toEqual({ database: "payments", roles: USERS.map((u) => ({ name: u.user, schema: u.user })) });
    expect(invocation.function_name).toMatch(/aws_lambda_function\..+\.function_name\}$/);
    expect(invocation.triggers).toEqual({ code: fn.source_code_hash, cluster: "cluster-RESOURCEID" });
    expect(invocation.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\.writer-stand-in/)]);
    expect(fn.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/aws_iam_role_policy_attachment\./)]));
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});
