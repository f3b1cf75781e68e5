import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { ProfileConfig, ProfileName } from "../config/types";
import { PROFILE_NAMES } from "../config/types";
import { LOCAL_DATA_SOURCES } from "../lib/plan-fakes";
import { planStacks, type PlanResult, type SynthesizedStack } from "../lib/terraform-plan";
import { findPluginDir, formatDiagnostics } from "../lib/terraform-root";
import { composePlatform } from "../main";
import { configFor } from "./support/synth";

/**
 * An offline `terraform plan` (through `terraform test`, `command = plan`) of every stack
 * main.ts composes, for every profile and for variants that switch on code paths no profile
 * uses, with the real AWS provider from the local mirror, in one Terraform run (lib/terraform-plan.ts).
 * A plan validates first, so this is also the `terraform validate` of every stack. New stacks,
 * resources and data sources join automatically; a data source the harness does not know stops
 * it with a line naming it. Canaries prove it reports what Terraform finds.
 */
interface Variant {
  readonly label: string;
  readonly profile: ProfileName;
  readonly edit: (p: ProfileConfig) => ProfileConfig;
  /** Variants that read each other's state (the two halves of a peering) share a group. */
  readonly group?: string;
}

const PEER_PORTS = { ingressPorts: [{ name: "ledger-api", port: 8080 }], egressPorts: [{ name: "settlement", port: 9443 }] };

/** Only the stacks a variant changes are planned: the others are identical to its profile's (see `duplicates`). */
const VARIANTS: Variant[] = [
  {
    label: "dev-nonat",
    profile: "dev",
    edit: (p) => ({ ...p, network: { ...p.network, natStrategy: "none" }, edge: { ...p.edge, restrictAlbToCloudFront: false } }),
  },
  // Both halves of a cross-account peering: staging requests, prod accepts.
  {
    label: "staging-peered",
    profile: "staging",
    edit: (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ...PEER_PORTS, peerAccountId: "222222222222" } } }),
    group: "peering",
  },
  {
    label: "prod-peered",
    profile: "prod",
    edit: (p) => ({ ...p, network: { ...p.network, peering: { role: "accepter", with: "staging", ...PEER_PORTS } } }),
    group: "peering",
  },
  { label: "dev-shared-ecr", profile: "dev", edit: (p) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging" } }) },
  { label: "dev-oidc-existing", profile: "dev", edit: (p) => ({ ...p, ci: { ...p.ci, oidcProvider: "existing" } }) },
];

const fixtures = path.join(__dirname, "fixtures");
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "payment-plan-"));
const workDir = path.join(__dirname, "..", "node_modules", ".cache", "payment-tf-plan");

/** Every stack `composePlatform` synthesizes for one configuration, labelled `<group>-<stack>`. */
function synthesize(prefix: string, profile: ProfileName, edit?: (p: ProfileConfig) => ProfileConfig, group = prefix): SynthesizedStack[] {
  const outdir = path.join(outRoot, prefix);
  const app = new App({ outdir, stackTraces: false });
  composePlatform(app, configFor(profile, {}, edit));
  app.synth();
  const stacksDir = path.join(outdir, "stacks");
  return fs.readdirSync(stacksDir).map((stack) => ({ label: `${prefix}-${stack}`, dir: path.join(stacksDir, stack), plan: true, group }));
}

let stacks: SynthesizedStack[];
let result: PlanResult;

beforeAll(async () => {
  stacks = [
    ...PROFILE_NAMES.flatMap((profile) => synthesize(profile, profile)),
    ...VARIANTS.flatMap((v) => synthesize(v.label, v.profile, v.edit, v.group)),
    { label: "canary-plan", dir: path.join(fixtures, "canary-plan"), plan: true, group: "canary" },
    { label: "canary-producer", dir: path.join(fixtures, "canary-producer"), plan: false, group: "canary" },
  ];
  result = await planStacks(stacks, { workDir, isolated: [{ label: "canary-validate", dir: path.join(fixtures, "canary-validate") }] });
  for (const note of result.notes) console.log(`terraform plan: ${note}`);
}, 240_000);

afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

const platform = () => stacks.filter((s) => !s.label.startsWith("canary-"));

it("plans every stack of every profile, once per distinct stack, and what each variant changes", () => {
  const covered = new Set([...result.planned, ...Object.keys(result.duplicates)]);
  expect(platform().map((s) => s.label).filter((label) => !covered.has(label))).toEqual([]);
  for (const label of Object.values(result.duplicates)) expect(result.planned).toContain(label);
  for (const variant of VARIANTS) {
    expect(result.planned.filter((label) => label.startsWith(`${variant.label}-`))).not.toEqual([]);
  }
});

it("finds no error and no warning in any synthesized stack", () => {
  const findings = result.diagnostics.filter((d) => !d.module?.startsWith("canary-"));
  if (findings.length > 0) throw new Error(`terraform plan:\n${formatDiagnostics(findings)}`);
  expect(findings).toEqual([]);
});

it("overrides every remote state and every data source that would call AWS, in every planned stack", () => {
  const planned = new Set(result.planned);
  const expected = platform()
    .filter((s) => planned.has(s.label))
    .flatMap((s) => {
      const data = (JSON.parse(fs.readFileSync(path.join(s.dir, "cdk.tf.json"), "utf8")).data ?? {}) as Record<string, object>;
      return Object.entries(data)
        .filter(([type]) => !LOCAL_DATA_SOURCES.has(type))
        .flatMap(([type, sources]) => Object.keys(sources).map((name) => `module.${s.label}.data.${type}.${name}`));
    });
  expect(result.overridden.filter((t) => !t.startsWith("module.canary-")).sort()).toEqual(expected.sort());
  expect(expected.some((t) => t.includes(".data.terraform_remote_state."))).toBe(true);
});

it("says which stacks it planned with hashicorp/random swapped for variables when the mirror lacks it", () => {
  const randomMirrored = fs.existsSync(path.join(findPluginDir(), "registry.terraform.io", "hashicorp", "random"));
  const withRandom = platform()
    .filter((s) => result.planned.includes(s.label) && fs.readFileSync(path.join(s.dir, "cdk.tf.json"), "utf8").includes('"random_password"'))
    .map((s) => s.label);
  expect(withRandom.length).toBeGreaterThan(0);
  expect(result.notes).toEqual(
    randomMirrored
      ? []
      : withRandom.map((label) =>
          expect.stringMatching(new RegExp(`^${label}: hashicorp/random is not in the provider mirror .+; planned with random_password\\.origin-verify replaced by input variables$`)),
        ),
  );
});

it("reports what only a plan finds, in the same run as the platform: an invalid ARN, a missing output, and a warning", () => {
  const canary = result.diagnostics.filter((d) => d.module === "canary-plan");
  expect(canary).toHaveLength(3);
  expect(canary).toEqual(expect.arrayContaining([
    expect.objectContaining({ severity: "warning", summary: "Argument is deprecated", address: "module.canary-plan.aws_s3_bucket.deprecated" }),
    expect.objectContaining({ severity: "error", summary: expect.stringMatching(/"policy_arn" \(AmazonSQSReadOnlyAccess\) is an invalid ARN/) }),
    expect.objectContaining({ severity: "error", summary: "Unsupported attribute", detail: 'This object does not have an attribute named "key_arn".' }),
  ]));
});

it("reports the error and warning of a stack whose configuration is invalid", () => {
  const canary = result.diagnostics.filter((d) => d.module === "canary-validate");
  expect(canary).toHaveLength(2);
  expect(canary).toEqual(expect.arrayContaining([
    expect.objectContaining({ severity: "error", summary: "Extraneous JSON object property", detail: expect.stringContaining("not_an_argument") }),
    expect.objectContaining({ severity: "warning", summary: "Argument is deprecated" }),
  ]));
});
