import { ConfigError } from "../../config/errors";
import { configFor, resourcesOf } from "../support/synth";
import { synthCompute } from "./fixture";

/** dev runs staging's images (compute.ecrShareFrom = "staging"). */
const consumer = configFor("dev", {}, (p) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging" } }));
const json = synthCompute(consumer);
const owner = synthCompute(configFor("staging"));

describe("ECR shared from another environment", () => {
  it("creates no repository or key of its own", () => {
    expect(resourcesOf(json, "aws_ecr_repository")).toEqual([]);
    expect(resourcesOf(json, "aws_kms_alias").map(([, a]) => a.name)).not.toContain("alias/payment-ecr-dev");
  });

  it("reads the owner's repositories from the owner's compute state, without a lock", () => {
    const readers = Object.entries(json.data!.terraform_remote_state).filter(([name]) => name.startsWith("shared-ecr"));
    expect(readers).toHaveLength(1);
    expect(readers[0][1]).toMatchObject({ backend: "s3", config: { key: "payment/staging/compute.tfstate", encrypt: true } });
    expect(readers[0][1].config.dynamodb_table).toBeUndefined();
  });

  it("runs each service from the owner's repository URL", () => {
    const definitions = resourcesOf(json, "aws_ecs_task_definition").map(([, t]) => JSON.parse(t.container_definitions)[0]);
    for (const service of consumer.compute.services) {
      const container = definitions.find((c) => c.name === service.name);
      expect(container.image).toMatch(new RegExp(`^\\$\\{local\\.shared-ecr_${service.name}-url_\\w+\\}:${service.imageTag}$`));
      const local = Object.entries(json.locals!).find(([name]) => name.startsWith(`shared-ecr_${service.name}-url`))!;
      expect(local[1]).toMatch(/^\$\{data\.terraform_remote_state\.shared-ecr_owner-compute_\w+\.outputs\.ecr_repository_urls\b/);
      expect(local[1]).toContain(service.name);
    }
  });

  it("lets the execution role pull from the owner's repositories and decrypt with its key in its region", () => {
    const [policy] = resourcesOf(json, "aws_iam_role_policy").filter(([, p]) => p.role.includes("execution"));
    const statements = JSON.parse(policy[1].policy).Statement;
    const pull = statements.find((s: any) => s.Sid === "EcrPull");
    expect(pull.Resource).toEqual(consumer.compute.services.map((s) => expect.stringMatching(new RegExp(`^\\$\\{local\\.shared-ecr_${s.name}-arn_\\w+\\}$`))));
    const decrypt = statements.find((s: any) => s.Sid === "DecryptImages");
    expect(decrypt.Resource).toContain("outputs.ecr_key_arn");
    expect(decrypt.Condition.StringEquals["kms:ViaService"]).toBe("ecr.us-west-2.amazonaws.com");
  });

  it("the owner exports its repositories and lets the platform's execution roles pull, nothing more", () => {
    expect(Object.keys(owner.output!)).toEqual(expect.arrayContaining(["ecr_repository_urls", "ecr_repository_arns", "ecr_key_arn"]));
    const policies = resourcesOf(owner, "aws_ecr_repository_policy").map(([, p]) => JSON.parse(p.policy).Statement);
    expect(policies).toHaveLength(configFor("staging").compute.services.length);
    for (const [statement] of policies) {
      expect(statement).toMatchObject({
        Effect: "Allow",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Condition: { ArnLike: { "aws:PrincipalArn": expect.stringMatching(/:role\/payment-ecs-execution-\*$/) } },
      });
      expect(statement.Principal.AWS).toMatch(/:root$/);
    }
  });

  it.each([
    ["itself", (p: any) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "dev" } }), /compute.ecrShareFrom = "dev": must be one of "staging", "prod"/],
    [
      "a service the owner does not build",
      (p: any) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging", services: [...p.compute.services, { ...p.compute.services[2], name: "ledger" }] } }),
      new RegExp(`compute.services\\[${consumer.compute.services.length}\\].name = "ledger": has no repository in staging`),
    ],
    [
      "another region without NAT",
      (p: any) => ({ ...p, network: { ...p.network, natStrategy: "none" }, compute: { ...p.compute, ecrShareFrom: "staging" } }),
      /compute.ecrShareFrom = "staging": pulls images from us-west-2, which VPC endpoints in eu-west-1 cannot reach/,
    ],
  ])("rejects sharing from %s", (_name, edit, message) => {
    expect(() => configFor("dev", {}, edit)).toThrow(ConfigError);
    expect(() => configFor("dev", {}, edit)).toThrow(message);
  });
});

it("rejects X-Ray tracing without NAT (the daemon image is on public.ecr.aws)", () => {
  expect(() => configFor("staging", {}, (p) => ({ ...p, network: { ...p.network, natStrategy: "none" } }))).toThrow(
    /compute.xrayTracing = true: needs a NAT strategy other than none/,
  );
});
