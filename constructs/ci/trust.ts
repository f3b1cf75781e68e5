import type { CiConfig } from "../../config/types";
import { policyDocument, type PolicyStatement } from "../iam";
import { GITHUB_OIDC } from "./oidc-provider";

const claim = (name: string) => `${GITHUB_OIDC.host}:${name}`;

/**
 * Tags configure-aws-credentials sends when it calls sts:AssumeRole (role chaining). It sends
 * none on the OIDC call itself (AssumeRoleWithWebIdentity takes tags only from the token).
 */
export const SESSION_TAGS = ["GitHub", "Repository", "Workflow", "Action", "Actor", "Commit"] as const;

/** Who may assume a CI role: the workflow runs GitHub vouches for, by their token's claims. */
export type GithubSubject =
  | { readonly kind: "pull_request" }
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "workflow-on-branch"; readonly branch: string; readonly workflow: string };

/** `repo:owner/name`, or GitHub's immutable `repo:owner@<id>/name@<id>` when the IDs are configured. */
export function subjectPrefix(ci: Pick<CiConfig, "repository" | "repositoryIds">): string {
  if (!ci.repositoryIds) return `repo:${ci.repository}`;
  const [owner, name] = ci.repository.split("/");
  return `repo:${owner}@${ci.repositoryIds.owner}/${name}@${ci.repositoryIds.repository}`;
}

/** The exact `sub` claim of a subject; never a pattern. */
export function subjectClaim(ci: Pick<CiConfig, "repository" | "repositoryIds">, subject: GithubSubject): string {
  const prefix = subjectPrefix(ci);
  switch (subject.kind) {
    case "pull_request":
      return `${prefix}:pull_request`;
    case "environment":
      return `${prefix}:environment:${subject.name}`;
    case "workflow-on-branch":
      return `${prefix}:ref:refs/heads/${subject.branch}`;
  }
}

export interface GithubTrustProps {
  readonly ci: CiConfig;
  readonly providerArn: string;
  readonly subjects: readonly GithubSubject[];
  /** This role's own ARN (built from its name: a trust policy cannot reference its role). */
  readonly roleArn: string;
  /** arn:<partition>:iam::<account>:root, the principal of the chained assumption. */
  readonly accountRootArn: string;
}

/**
 * Trust policy of a CI role: one statement per subject, each requiring the audience, the
 * exact `sub`, and the repository (by immutable ID where configured) as separate claims; a
 * branch subject also pins the workflow file (job_workflow_ref), so only that workflow on that
 * branch gets in, not every job on main. A last statement lets a session of this role re-assume
 * it with configure-aws-credentials' session tags (role-chaining: true), so CloudTrail records
 * repository, workflow, actor and commit; the Repository tag must be this repository.
 */
export function githubTrustPolicy(props: GithubTrustProps): string {
  const { ci } = props;
  const repository: Record<string, string> = ci.repositoryIds
    ? { [claim("repository_id")]: String(ci.repositoryIds.repository) }
    : { [claim("repository")]: ci.repository };
  const statements: PolicyStatement[] = props.subjects.map((subject, i) => ({
    Sid: sid(subject, i),
    Effect: "Allow",
    Principal: { Federated: props.providerArn },
    Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
    Condition: {
      StringEquals: {
        [claim("aud")]: GITHUB_OIDC.audience,
        [claim("sub")]: subjectClaim(ci, subject),
        ...repository,
        ...(subject.kind === "workflow-on-branch"
          ? { [claim("job_workflow_ref")]: `${ci.repository}/${subject.workflow}@refs/heads/${subject.branch}` }
          : {}),
      },
    },
  }));
  statements.push({
    Sid: "TaggedSession",
    Effect: "Allow",
    Principal: { AWS: props.accountRootArn },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
      ArnEquals: { "aws:PrincipalArn": props.roleArn },
      StringEquals: { "aws:RequestTag/GitHub": "Actions", "aws:RequestTag/Repository": ci.repository },
      Null: Object.fromEntries(SESSION_TAGS.filter((t) => t !== "GitHub" && t !== "Repository").map((t) => [`aws:RequestTag/${t}`, "false"])),
    },
  });
  return policyDocument(...statements);
}

/**
 * The identity-policy half of the tagged re-assumption: a trust policy that names the account
 * (not the role, which does not exist yet when IAM checks it) also needs the caller's own
 * permission to assume, and to tag, the role.
 */
export function taggedSessionStatement(roleArn: string): PolicyStatement {
  return { Sid: "TaggedSession", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: roleArn };
}

function sid(subject: GithubSubject, i: number): string {
  if (subject.kind === "pull_request") return "PullRequests";
  if (subject.kind === "workflow-on-branch") return "ScheduledDrift";
  return `GithubEnvironment${i}`;
}
