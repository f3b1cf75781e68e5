import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects, Testing } from "cdktf";
import { GithubOidcProvider } from "../../constructs/ci/oidc-provider";
import { GithubRole } from "../../constructs/ci/github-role";
import { githubTrustPolicy, subjectClaim } from "../../constructs/ci/trust";
import { PermissionsBoundary } from "../../constructs/iam";
import { configFor, onlyResource, resourcesOf, type TfJson } from "../support/synth";

const synth = (build: (scope: any) => void): TfJson => JSON.parse(Testing.synthScope(build)) as TfJson;
const ci = configFor("dev").ci;
const ROLE_ARN = "arn:aws:iam::123456789012:role/payment-github-plan-dev";

describe("GitHub subjects", () => {
  it("builds the exact sub claim of each kind, in the legacy and the immutable form", () => {
    expect(subjectClaim(ci, { kind: "pull_request" })).toBe("repo:example-org/payment-platform:pull_request");
    expect(subjectClaim(ci, { kind: "environment", name: "prod" })).toBe("repo:example-org/payment-platform:environment:prod");
    expect(subjectClaim(ci, { kind: "workflow-on-branch", branch: "main", workflow: ".github/workflows/drift.yml" })).toBe("repo:example-org/payment-platform:ref:refs/heads/main");
    const immutable = { ...ci, repositoryIds: { owner: 123, repository: 456 } };
    expect(subjectClaim(immutable, { kind: "pull_request" })).toBe("repo:example-org@123/payment-platform@456:pull_request");
  });
});

describe("githubTrustPolicy", () => {
  const trust = (config = ci) =>
    JSON.parse(
      githubTrustPolicy({
        ci: config,
        providerArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        subjects: [{ kind: "pull_request" }, { kind: "workflow-on-branch", branch: "main", workflow: ".github/workflows/drift.yml" }],
        roleArn: ROLE_ARN,
        accountRootArn: "arn:aws:iam::123456789012:root",
      }),
    ).Statement;

  it("gives each subject its own statement with the audience, the exact sub and the repository", () => {
    const [pr, drift] = trust();
    expect(pr).toEqual({
      Sid: "PullRequests",
      Effect: "Allow",
      Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": "repo:example-org/payment-platform:pull_request",
          "token.actions.githubusercontent.com:repository": "example-org/payment-platform",
        },
      },
    });
    expect(drift.Condition.StringEquals).toMatchObject({
      "token.actions.githubusercontent.com:sub": "repo:example-org/payment-platform:ref:refs/heads/main",
      "token.actions.githubusercontent.com:job_workflow_ref": "example-org/payment-platform/.github/workflows/drift.yml@refs/heads/main",
    });
  });

  it("pins the immutable repository ID when it is configured", () => {
    const [pr] = trust({ ...ci, repositoryIds: { owner: 1, repository: 2 } });
    expect(pr.Condition.StringEquals).toMatchObject({ "token.actions.githubusercontent.com:repository_id": "2", "token.actions.githubusercontent.com:sub": "repo:example-org@1/payment-platform@2:pull_request" });
    expect(pr.Condition.StringEquals).not.toHaveProperty("token.actions.githubusercontent.com:repository");
  });

  it("lets only a session of the role itself re-assume it with configure-aws-credentials' session tags", () => {
    const tagged = trust().at(-1);
    expect(tagged).toEqual({
      Sid: "TaggedSession",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: {
        ArnEquals: { "aws:PrincipalArn": ROLE_ARN },
        StringEquals: { "aws:RequestTag/GitHub": "Actions", "aws:RequestTag/Repository": "example-org/payment-platform" },
        Null: { "aws:RequestTag/Workflow": "false", "aws:RequestTag/Action": "false", "aws:RequestTag/Actor": "false", "aws:RequestTag/Commit": "false" },
      },
    });
  });
});

describe("GithubOidcProvider", () => {
  it("creates the provider for the sts.amazonaws.com audience without a thumbprint", () => {
    const json = synth((scope) => new GithubOidcProvider(scope, "github", { mode: "create" }));
    expect(onlyResource(json, "aws_iam_openid_connect_provider")).toEqual({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    expect(json).toMatchSnapshot();
  });

  it("looks up the account's provider instead when one exists", () => {
    const json = synth((scope) => new GithubOidcProvider(scope, "github", { mode: "existing" }));
    expect(json.resource).toBeUndefined();
    expect(Object.values(json.data!.aws_iam_openid_connect_provider)).toEqual([{ url: "https://token.actions.githubusercontent.com" }]);
  });
});

describe("GithubRole", () => {
  const statement = { Effect: "Allow" as const, Action: "s3:GetBucketTagging", Resource: "arn:aws:s3:::payment-x" };

  it("creates the role with its session limit and one customer-managed policy per part, each attached", () => {
    const json = synth((scope) => new GithubRole(scope, "plan", { roleName: "payment-github-plan-dev", description: "d", trustPolicy: "{}", maxSessionSeconds: 3600, policies: { state: [statement], read: [statement] }, sharedPolicies: { shared: "arn:aws:iam::1:policy/x" } }));
    expect(onlyResource(json, "aws_iam_role")).toMatchObject({ name: "payment-github-plan-dev", max_session_duration: 3600, assume_role_policy: "{}" });
    expect(resourcesOf(json, "aws_iam_policy").map(([, p]) => p.name).sort()).toEqual(["payment-github-plan-dev-read", "payment-github-plan-dev-state"]);
    const attached = resourcesOf(json, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn);
    expect(attached).toHaveLength(3);
    expect(attached).toContain("arn:aws:iam::1:policy/x");
    expect(json).toMatchSnapshot();
  });

  it("refuses more managed policies than IAM attaches to a role", () => {
    const policies = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, [statement]]));
    expect(() => synth((scope) => new GithubRole(scope, "r", { roleName: "r", description: "d", trustPolicy: "{}", maxSessionSeconds: 3600, policies }))).toThrow("11 managed policies; IAM attaches at most 10 to a role");
  });
});

describe("PermissionsBoundary", () => {
  it("gives every role in the scope the boundary and leaves a role's own boundary alone", () => {
    const json = synth((scope) => {
      new IamRole(scope, "plain", { name: "payment-a-dev", assumeRolePolicy: "{}" });
      new IamRole(scope, "own", { name: "payment-b-dev", assumeRolePolicy: "{}", permissionsBoundary: "arn:aws:iam::1:policy/other" });
      Aspects.of(scope).add(new PermissionsBoundary("arn:aws:iam::1:policy/payment-boundary-dev"));
    });
    expect(json.resource!.aws_iam_role.plain.permissions_boundary).toBe("arn:aws:iam::1:policy/payment-boundary-dev");
    expect(json.resource!.aws_iam_role.own.permissions_boundary).toBe("arn:aws:iam::1:policy/other");
  });
});
