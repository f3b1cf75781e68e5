import { ConfigError } from "../../config/errors";
import { Names } from "../../config/names";
import { PROFILE_NAMES } from "../../config/types";
import { configFor, resourcesOf } from "../support/synth";
import { synthCompute } from "../compute/fixture";
import { keyArnOf, synthData } from "./fixture";

describe.each(PROFILE_NAMES)("ECR repositories in the data stack (%s)", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const { data: json, outputs } = synthData(config);
  const repos = Object.fromEntries(resourcesOf(json, "aws_ecr_repository").map(([key, r]) => [r.name, { key, ...r }]));

  it("has one immutable, scanned, KMS-encrypted repository per service, destroyable unless protected", () => {
    expect(Object.keys(repos).sort()).toEqual(config.compute.services.map((s) => names.of(s.name)).sort());
    for (const repo of Object.values(repos)) {
      expect(repo).toMatchObject({
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: "KMS", kms_key: keyArnOf(json, `alias/payment-ecr-${profile}`) }],
        force_delete: !config.protection,
      });
    }
  });

  it("hands compute each service's repository and exports them for pushes and sharing", () => {
    expect(Object.keys(outputs.ecrRepositories)).toEqual(config.compute.services.map((s) => s.name));
    expect(outputs.ecrRegion).toBe(config.region);
    expect(Object.keys(json.output!)).toEqual(expect.arrayContaining(["ecr_repository_urls", "ecr_repository_arns", "ecr_key_arn"]));
    const urls = json.output!.ecr_repository_urls.value as Record<string, string>;
    for (const s of config.compute.services) expect(urls[s.name]).toBe(`\${aws_ecr_repository.${repos[names.of(s.name)].key}.repository_url}`);
  });

  it("refuses pulls by the platform's execution roles of another service", () => {
    const policies = resourcesOf(json, "aws_ecr_repository_policy").map(([, p]) => JSON.parse(p.policy).Statement);
    expect(policies).toHaveLength(config.compute.services.length);
    for (const [statement] of policies) {
      expect(statement).toMatchObject({
        Effect: "Deny",
        Principal: "*",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Condition: { ArnLike: { "aws:PrincipalArn": expect.stringMatching(/:role\/payment-ecs-execution-\*$/) } },
      });
    }
  });
});

/** dev runs staging's images (compute.ecrShareFrom = "staging"). */
const consumer = configFor("dev", {}, (p) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging" } }));

describe("ECR shared from another environment", () => {
  const { data: json, outputs } = synthData(consumer);
  const compute = synthCompute(consumer);

  it("creates no repository or key of its own, in data or compute", () => {
    for (const stack of [json, compute]) {
      expect(resourcesOf(stack, "aws_ecr_repository")).toEqual([]);
      expect(resourcesOf(stack, "aws_kms_alias").map(([, a]) => a.name)).not.toContain("alias/payment-ecr-dev");
    }
  });

  it("reads the owner's repositories from the owner's data state, without a lock", () => {
    const readers = Object.entries(json.data!.terraform_remote_state).filter(([name]) => name.startsWith("shared-ecr"));
    expect(readers).toHaveLength(1);
    expect(readers[0][1]).toMatchObject({ backend: "s3", config: { key: "payment/staging/staging/data.tfstate", encrypt: true } });
    expect(readers[0][1].config.dynamodb_table).toBeUndefined();
  });

  it("hands compute the owner's repository per service, in the owner's region", () => {
    expect(outputs.ecrRegion).toBe("us-west-2");
    for (const service of consumer.compute.services) {
      const local = Object.entries(json.locals!).find(([name]) => name.startsWith(`shared-ecr_${service.name}-url`))!;
      expect(local[1]).toMatch(/^\$\{data\.terraform_remote_state\.shared-ecr_owner-data_\w+\.outputs\.ecr_repository_urls\[/);
      expect(local[1]).toContain(`"${service.name}"`);
    }
    expect(Object.keys(json.output!)).toContain("ecr_repository_urls");
    expect(Object.keys(json.output!)).not.toContain("ecr_repository_arns");
  });

  it("lets the consumer's execution role decrypt the images through ECR in the owner's region", () => {
    const executionPolicies = resourcesOf(compute, "aws_iam_policy").filter(([, p]) => p.name.includes("ecs-execution"));
    expect(executionPolicies).toHaveLength(consumer.compute.services.length);
    for (const [, policy] of executionPolicies) {
      const decrypt = JSON.parse(policy.policy).Statement.find((s: any) => s.Sid === "DecryptImages");
      expect(decrypt.Condition.StringEquals["kms:ViaService"]).toBe("ecr.us-west-2.amazonaws.com");
    }
  });

  it.each([
    ["itself", (p: any) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "dev" } }), /compute.ecrShareFrom = "dev": is this environment itself; only a copy of dev \(ENVIRONMENT_SUFFIX other than dev\) can share/],
    [
      "a service the owner does not build",
      (p: any) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging", services: [...p.compute.services, { ...p.compute.services[2], name: "ledger" }] } }),
      /compute.services\[3\].name = "ledger": has no repository in staging/,
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
