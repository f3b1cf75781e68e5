import { CiNames } from "../../config/names";
import { profileStatePrefix } from "../../stacks/backend";
import { configFor, resourcesOf, synthPlatform, type TfJson } from "../support/synth";

const policiesOf = (json: TfJson) => Object.fromEntries(resourcesOf(json, "aws_iam_policy").map(([, p]) => [p.name, JSON.parse(p.policy).Statement]));
const roleNamed = (json: TfJson, name: string) => resourcesOf(json, "aws_iam_role").find(([, r]) => r.name === name)![1];
const subjects = (role: Record<string, any>) =>
  JSON.parse(role.assume_role_policy)
    .Statement.map((s: any) => s.Condition.StringEquals?.["token.actions.githubusercontent.com:sub"])
    .filter(Boolean);

describe("ci stack (dev)", () => {
  const config = configFor("dev");
  const { ci } = synthPlatform(config);
  const policies = policiesOf(ci);

  it("keeps its state in the bucket at ci/<profile>.tfstate, outside the payment/ prefix CI roles reach", () => {
    expect(ci.terraform!.backend.s3).toEqual({
      bucket: "payment-platform-tfstate",
      key: "ci/dev.tfstate",
      region: "us-east-1",
      encrypt: true,
      kms_key_id: "alias/payment-platform-tfstate",
      dynamodb_table: "payment-platform-tflock",
    });
  });

  it("trusts the bootstrap's OIDC provider and finds the state key by the backend's alias", () => {
    expect(Object.values(ci.data!.aws_iam_openid_connect_provider)).toEqual([{ url: "https://token.actions.githubusercontent.com" }]);
    expect(Object.values(ci.data!.aws_kms_alias)).toEqual([{ name: "alias/payment-platform-tfstate" }]);
  });

  it("lets pull requests and the drift workflow on main assume the plan role, for an hour", () => {
    const plan = roleNamed(ci, CiNames.planRole("dev"));
    expect(plan.max_session_duration).toBe(3600);
    expect(subjects(plan)).toEqual(["repo:example-org/payment-platform:pull_request", "repo:example-org/payment-platform:ref:refs/heads/main"]);
  });

  it("lets each of the profile's GitHub environments assume the deploy role, for the longest deploy", () => {
    const deploy = roleNamed(ci, CiNames.deployRole("dev"));
    expect(deploy.max_session_duration).toBe(config.ci.deploySessionSeconds);
    expect(subjects(deploy)).toEqual(config.ci.deployEnvironments.map((env) => `repo:example-org/payment-platform:environment:${env}`));
  });

  it("confines the plan role's state access to reading the profile's keys and locking them", () => {
    const state = policies["payment-github-plan-dev-state"];
    const prefix = profileStatePrefix("dev");
    expect(state.find((s: any) => s.Sid === "StateRead").Resource).toEqual([`arn:\${data.aws_partition.account_partition_32ACE770.partition}:s3:::payment-platform-tfstate/${prefix}*`]);
    expect(state.find((s: any) => s.Sid === "StateWrite")).toBeUndefined();
    expect(state.find((s: any) => s.Sid === "StateLock")).toMatchObject({
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`payment-platform-tfstate/${prefix}*`] } },
    });
    expect(state.find((s: any) => s.Sid === "StateKey").Action).toEqual(["kms:Decrypt"]);
    expect(policies["payment-github-deploy-dev-state"].find((s: any) => s.Sid === "StateKey").Action).toEqual(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]);
  });

  it("lets each role re-assume only itself with session tags", () => {
    for (const role of [CiNames.planRole("dev"), CiNames.deployRole("dev")]) {
      expect(policies[`${role}-state`]).toContainEqual({ Sid: "TaggedSession", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: expect.stringMatching(new RegExp(`:role/${role}$`)) });
    }
  });

  it("attaches the shared read policy to both roles and keeps the deploy role within IAM's attachment limit", () => {
    const attachments = resourcesOf(ci, "aws_iam_role_policy_attachment").map(([, a]) => a);
    const read = attachments.filter((a) => String(a.policy_arn).includes("aws_iam_policy.read."));
    expect(read).toHaveLength(2);
    const deployAttachments = attachments.filter((a) => String(a.role).includes("deploy_role_"));
    expect(deployAttachments.length).toBeLessThanOrEqual(10);
  });

  it("never grants the CI roles the data reads no plan or deploy needs", () => {
    const ciPolicies = Object.entries(policies).filter(([name]) => name.startsWith("payment-github-")).map(([, statements]) => statements);
    expect(ciPolicies.length).toBeGreaterThan(5);
    const actions = ciPolicies.flat().filter((s: any) => s.Effect === "Allow").flatMap((s: any) => [].concat(s.Action));
    // An image's contents (its layers and config blob) come only through GetDownloadUrlForLayer.
    for (const data of ["secretsmanager:GetSecretValue", "logs:GetLogEvents", "sqs:ReceiveMessage", "ecr:GetDownloadUrlForLayer", "wafv2:GetSampledRequests", "ssm:GetParameter*"]) {
      expect(actions).not.toContain(data);
    }
  });

  it("lets only the deploy roles read image manifests, to add a released- tag, and upload no layer", () => {
    const manifestActions = ["ecr:BatchGetImage", "ecr:PutImage"];
    const withManifests = (Object.entries(policies) as [string, any[]][]).filter(
      ([name, statements]) => name.startsWith("payment-github-") && statements.some((s) => s.Effect === "Allow" && [].concat(s.Action).some((a) => manifestActions.includes(a))),
    );
    expect(withManifests.length).toBeGreaterThan(0);
    for (const [name, statements] of withManifests) {
      expect(name).toMatch(/^payment-github-deploy-/);
      expect(statements.filter((s: any) => [].concat(s.Action).some((a) => manifestActions.includes(a)))).toEqual([
        { Sid: "KeepReleasedImages", Effect: "Allow", Action: manifestActions, Resource: expect.stringMatching(/:ecr:\*:\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:repository\/payment-\*$/) },
      ]);
      const actions = statements.flatMap((s: any) => [].concat(s.Action));
      for (const upload of ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]) expect(actions).not.toContain(upload);
    }
  });

  it("writes the boundary's name into every platform role", () => {
    const platform = synthPlatform(config);
    const roles = ["network", "data", "compute", "edge"].flatMap((stack) => resourcesOf(platform[stack], "aws_iam_role").map(([, r]) => r));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.permissions_boundary).toMatch(/:policy\/payment-boundary-dev$/);
  });
});

describe("ci stack variants", () => {
  it("reads the peer's network state and the shared repositories' owner, nothing else of theirs", () => {
    const config = configFor("staging", {}, (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ingressPorts: [], egressPorts: [] } }, compute: { ...p.compute, ecrShareFrom: "prod" } }));
    const read = policiesOf(synthPlatform(config).ci)["payment-github-plan-staging-state"].find((s: any) => s.Sid === "StateRead").Resource;
    expect(read.map((r: string) => r.replace(/^.*:s3:::/, ""))).toEqual([
      "payment-platform-tfstate/payment/staging/*",
      "payment-platform-tfstate/payment/prod/prod/network.tfstate",
      "payment-platform-tfstate/payment/prod/prod/data.tfstate",
    ]);
  });

  it("trusts the repository GitHub Actions names in GITHUB_REPOSITORY", () => {
    const { ci } = synthPlatform(configFor("prod", { GITHUB_REPOSITORY: "acme/payments" }));
    expect(subjects(roleNamed(ci, CiNames.deployRole("prod")))).toEqual(["repo:acme/payments:environment:prod"]);
  });

  it("leaves platform roles without a boundary when the profile turns it off", () => {
    const platform = synthPlatform(configFor("dev", {}, (p) => ({ ...p, ci: { ...p.ci, permissionsBoundary: false } })));
    const roles = ["network", "compute"].flatMap((stack) => resourcesOf(platform[stack], "aws_iam_role").map(([, r]) => r));
    expect(roles.every((r) => r.permissions_boundary === undefined)).toBe(true);
  });
});
