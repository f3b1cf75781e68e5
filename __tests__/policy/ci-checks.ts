import { CiNames } from "../../config/names";
import { BOUNDED_ROLE_WRITES, ROLE_WRITES_WITHOUT_BOUNDARY_KEY } from "../../constructs/ci/deploy-policy";
import { MANAGED_POLICY_MAX_CHARS } from "../../constructs/ci/github-role";
import { GITHUB_OIDC } from "../../constructs/ci/oidc-provider";
import { subjectClaim } from "../../constructs/ci/trust";
import { profileStatePrefix } from "../../stacks/backend";
import { label, list, type PlatformView, type Resource, type Rule, type Statement } from "./rules";

/**
 * Rules over the CI identities (the ci stack) and the roles the platform creates: who may
 * assume the CI roles, what they may do, and the boundary that caps every platform role.
 */

const claim = (name: string) => `${GITHUB_OIDC.host}:${name}`;
const fail = (r: Resource, what: string) => `${label(r)}: ${what}`;
const ref = (r: Resource) => `${r.type}.${r.name}.`;

/** IAM's action matching: case-insensitive, * any run, ? one character. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return regex.test(action);
}

const isRead = (action: string) => /^[a-z0-9-]+:(Get|List|Describe|BatchGet|Head)/i.test(action);

/** Statements of every customer-managed policy attached to `role` in its stack, by policy resource. */
function attachedPolicies(view: PlatformView, role: Resource): { policy: Resource; statements: Statement[] }[] {
  const attachments = view.ofType("aws_iam_role_policy_attachment").filter((a) => a.stack === role.stack && String(a.body.role).includes(ref(role)));
  return view
    .ofType("aws_iam_policy")
    .filter((p) => p.stack === role.stack && attachments.some((a) => String(a.body.policy_arn).includes(ref(p))))
    .map((policy) => ({ policy, statements: list<Statement>(JSON.parse(policy.body.policy).Statement) }));
}

function inlinePolicies(view: PlatformView, role: Resource): { policy: Resource; statements: Statement[] }[] {
  return view
    .ofType("aws_iam_role_policy")
    .filter((p) => p.stack === role.stack && String(p.body.role).includes(ref(role)))
    .map((policy) => ({ policy, statements: list<Statement>(JSON.parse(policy.body.policy).Statement) }));
}

const ciRoles = (view: PlatformView, kind: "plan" | "deploy") =>
  view.ofType("aws_iam_role").filter((r) => r.body.name === (kind === "plan" ? CiNames.planRole(view.config.profile) : CiNames.deployRole(view.config.profile)));

/** What a trust statement's StringEquals says about one GitHub claim. */
const equals = (s: Statement, key: string) => (s.Condition?.StringEquals as Record<string, unknown> | undefined)?.[key];

function trustViolations(view: PlatformView, role: Resource, allowedSubjects: string[]): string[] {
  const { ci } = view.config;
  const errors: string[] = [];
  for (const s of list<Statement>(JSON.parse(role.body.assume_role_policy).Statement)) {
    const actions = list(s.Action);
    const where = `trust statement ${s.Sid ?? "?"}`;
    if (s.Effect !== "Allow") continue;
    if (actions.some((a) => a === "*" || a === "sts:*")) errors.push(fail(role, `${where} allows every sts action`));
    if (actions.includes("sts:AssumeRoleWithWebIdentity")) {
      const sub = equals(s, claim("sub"));
      if (equals(s, claim("aud")) !== GITHUB_OIDC.audience) errors.push(fail(role, `${where} does not require audience ${GITHUB_OIDC.audience}`));
      if (typeof sub !== "string") errors.push(fail(role, `${where} assumes with a web identity without an exact sub condition`));
      else if (/[*?]/.test(sub)) errors.push(fail(role, `${where} sub ${sub} is a pattern`));
      else if (!allowedSubjects.includes(sub)) errors.push(fail(role, `${where} trusts sub ${sub}`));
      const like = JSON.stringify(s.Condition ?? {});
      if (/StringLike|ForAnyValue|ForAllValues/.test(like)) errors.push(fail(role, `${where} uses a pattern or set operator on a claim`));
      if (equals(s, claim("repository")) !== ci.repository && equals(s, claim("repository_id")) !== String(ci.repositoryIds?.repository)) {
        errors.push(fail(role, `${where} does not pin the repository claim`));
      }
      if (typeof sub === "string" && sub.includes(":ref:") && typeof equals(s, claim("job_workflow_ref")) !== "string") {
        errors.push(fail(role, `${where} trusts a branch without pinning the workflow (job_workflow_ref)`));
      }
    } else if (actions.some((a) => a.startsWith("sts:AssumeRole"))) {
      const principal = (s.Condition?.ArnEquals as Record<string, unknown> | undefined)?.["aws:PrincipalArn"];
      if (typeof principal !== "string" || !principal.endsWith(`:role/${role.body.name}`)) errors.push(fail(role, `${where} lets a principal other than the role itself assume it`));
      if (equals(s, "aws:RequestTag/Repository") !== ci.repository) errors.push(fail(role, `${where} does not require the Repository session tag`));
    }
  }
  return errors;
}

function writesOutsideLock(view: PlatformView, role: Resource): string[] {
  const lockTable = `:table/${view.config.state.lockTable}`;
  return attachedPolicies(view, role).flatMap(({ policy, statements }) =>
    statements
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) => {
        // Re-assuming itself with session tags changes nothing but the session's tags.
        const selfAssume = list(s.Resource).every((r) => r.endsWith(`:role/${role.body.name}`));
        const writes = list(s.Action).filter((a) => !isRead(a) && a !== "kms:Decrypt" && !(selfAssume && ["sts:AssumeRole", "sts:TagSession"].includes(a)));
        const lockOnly = writes.every((a) => ["dynamodb:PutItem", "dynamodb:DeleteItem"].includes(a)) && list(s.Resource).every((r) => r.endsWith(lockTable));
        return writes.length === 0 || lockOnly ? [] : [fail(policy, `plan role may ${writes.join(", ")} on ${list(s.Resource).join(", ")}`)];
      }),
  );
}

function stateObjectsOutsideProfile(view: PlatformView, role: Resource): string[] {
  const prefix = `/${profileStatePrefix(view.config.profile)}*`;
  const bucket = `:s3:::${view.config.state.bucket}/`;
  return attachedPolicies(view, role).flatMap(({ policy, statements }) =>
    statements
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) =>
        list(s.Resource)
          .filter((r) => r.includes(bucket) && !r.endsWith(prefix) && list(s.Action).some((a) => !isRead(a)))
          .map((r) => fail(policy, `writes state outside ${profileStatePrefix(view.config.profile)}: ${r}`)),
      ),
  );
}

function deployPolicyViolations(view: PlatformView, role: Resource): string[] {
  const boundary = `:policy/${CiNames.permissionsBoundary(view.config.profile)}`;
  const policies = attachedPolicies(view, role);
  const errors = policies.flatMap(({ policy, statements }) => {
    const size = JSON.stringify(JSON.parse(policy.body.policy)).replace(/\$\{[^}]+\}/g, "123456789012").length;
    const found = size > MANAGED_POLICY_MAX_CHARS ? [fail(policy, `${size} characters; IAM allows ${MANAGED_POLICY_MAX_CHARS}`)] : [];
    for (const s of statements.filter((st) => st.Effect === "Allow")) {
      const actions = list(s.Action);
      const where = `statement ${s.Sid ?? "?"}`;
      if (s.NotAction) found.push(fail(policy, `${where} allows NotAction`));
      if (actions.some((a) => a === "*" || a.endsWith(":*"))) found.push(fail(policy, `${where} allows a wildcard action`));
      if (actions.includes("iam:PassRole")) {
        if (list(s.Resource).length === 0 || list(s.Resource).includes("*")) found.push(fail(policy, `${where} iam:PassRole without a resource`));
        if (!JSON.stringify(s.Condition ?? {}).includes("iam:PassedToService")) found.push(fail(policy, `${where} iam:PassRole to any service`));
      }
      const iamWrites = actions.filter((a) => a.startsWith("iam:") && !isRead(a));
      const bounded = String(equals(s, "iam:PermissionsBoundary") ?? "").endsWith(boundary);
      for (const action of iamWrites) {
        if ((BOUNDED_ROLE_WRITES as readonly string[]).includes(action) && !bounded) found.push(fail(policy, `${where} ${action} without the permissions boundary condition`));
        else if (!(BOUNDED_ROLE_WRITES as readonly string[]).includes(action) && !(ROLE_WRITES_WITHOUT_BOUNDARY_KEY as readonly string[]).includes(action)) found.push(fail(policy, `${where} ${action} is not a write the boundary governs`));
        else if (!list(s.Resource).every((r) => /:(role|policy)\/payment-|:role\/aws-service-role\//.test(r))) found.push(fail(policy, `${where} ${action} outside the platform's roles and policies`));
      }
    }
    return found;
  });
  const denies = policies.flatMap(({ statements }) => statements.filter((s) => s.Effect === "Deny"));
  const denied = (action: string, resource: string) => denies.some((s) => list(s.Action).some((a) => actionMatches(a, action)) && list(s.Resource).some((r) => r === "*" || r.endsWith(resource)));
  if (!denied("iam:PutRolePolicy", `:role/${CiNames.protectedRoles}`)) errors.push(fail(role, "may change the CI roles"));
  if (!denied("iam:CreatePolicyVersion", "policy/payment-boundary-*")) errors.push(fail(role, "may rewrite the permissions boundary"));
  if (!denied("iam:DeleteRolePermissionsBoundary", "*")) errors.push(fail(role, "may remove a role's permissions boundary"));
  return [...errors, ...stateObjectsOutsideProfile(view, role)];
}

/** Every Allow action of `statements` that no Allow action of the boundary covers. */
function outsideBoundary(boundary: Statement[], statements: Statement[]): string[] {
  const ceiling = boundary.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action));
  return statements.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action)).filter((a) => !ceiling.some((pattern) => actionMatches(pattern, a)));
}

export const CI_RULES: Rule[] = [
  {
    id: "ci-trust",
    description: "CI roles trust only GitHub's OIDC audience and the exact sub of this repository's pull requests, drift workflow or deploy environments",
    check: (view) => {
      const { ci } = view.config;
      const planSubjects = [subjectClaim(ci, { kind: "pull_request" }), subjectClaim(ci, { kind: "workflow-on-branch", branch: ci.defaultBranch, workflow: ci.driftWorkflow })];
      const deploySubjects = ci.deployEnvironments.map((name) => subjectClaim(ci, { kind: "environment", name }));
      const federated = view.ofType("aws_iam_role").filter((r) => String(r.body.assume_role_policy).includes("AssumeRoleWithWebIdentity"));
      const known = [...ciRoles(view, "plan"), ...ciRoles(view, "deploy")];
      return [
        ...federated.filter((r) => !known.includes(r)).map((r) => fail(r, "a web-identity role that is not one of the profile's CI roles")),
        ...ciRoles(view, "plan").flatMap((r) => trustViolations(view, r, planSubjects)),
        ...ciRoles(view, "deploy").flatMap((r) => trustViolations(view, r, deploySubjects)),
      ];
    },
  },
  {
    id: "ci-plan-read-only",
    description: "The plan role reads, and writes nothing but its own lock items in the lock table",
    check: (view) => ciRoles(view, "plan").flatMap((r) => [...writesOutsideLock(view, r), ...stateObjectsOutsideProfile(view, r)]),
  },
  {
    id: "ci-deploy-least-privilege",
    description: "The deploy role: no * action, iam:PassRole only on named roles to named services, every IAM write bounded, no other profile's state, CI identities and the boundary out of reach",
    check: (view) => ciRoles(view, "deploy").flatMap((r) => deployPolicyViolations(view, r)),
  },
  {
    id: "roles-within-boundary",
    description: "Every role the platform creates carries the permissions boundary, and every action it is granted fits inside it",
    check: (view) => {
      if (!view.config.ci.permissionsBoundary) return [];
      const boundaryName = CiNames.permissionsBoundary(view.config.profile);
      const boundaryPolicy = view.ofType("aws_iam_policy").find((p) => p.body.name === boundaryName);
      const boundary = boundaryPolicy ? list<Statement>(JSON.parse(boundaryPolicy.body.policy).Statement) : [];
      return view
        .ofType("aws_iam_role")
        // Administrators deploy bootstrap, ci and baseline; the CI deploy role never creates their roles.
        .filter((r) => !["ci", "bootstrap", "baseline"].includes(r.stack))
        .flatMap((role) => [
          ...(String(role.body.permissions_boundary ?? "").endsWith(`:policy/${boundaryName}`) ? [] : [fail(role, `does not carry the permissions boundary ${boundaryName}`)]),
          ...[...inlinePolicies(view, role), ...attachedPolicies(view, role)].flatMap(({ policy, statements }) =>
            outsideBoundary(boundary, statements).map((action) => fail(policy, `grants ${action}, which the boundary ${boundaryName} does not allow`)),
          ),
        ]);
    },
  },
];
