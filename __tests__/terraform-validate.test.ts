import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { ProfileConfig, ProfileName } from "../config/types";
import { findPluginDir, formatDiagnostics, validateStacks, type StackDir, type ValidateResult } from "../lib/terraform-validate";
import { composePlatform } from "../main";
import { configFor } from "./support/synth";

/**
 * Every stack of every profile (plus variants that switch on code paths no profile uses)
 * through `terraform init -backend=false` + `terraform validate` against the local provider
 * mirror, in one Terraform run. New stacks join automatically: whatever main.ts composes
 * is synthesized and validated. A canary stack with a known error and warning proves the
 * harness reports what Terraform finds.
 */
interface Target {
  readonly label: string;
  readonly profile: ProfileName;
  readonly edit?: (p: ProfileConfig) => ProfileConfig;
  /** Validate only these stacks (a variant changes only some); default: ci, the baseline and the platform stacks. */
  readonly stacks?: readonly string[];
}

const PEER_PORTS = { ingressPorts: [{ name: "ledger-api", port: 8080 }], egressPorts: [{ name: "settlement", port: 9443 }] };

/** Each module costs ~0.6 s of provider work, so variants validate only the stacks they change. */
const TARGETS: Target[] = [
  // bootstrap does not depend on the profile beyond tags: once is enough.
  { label: "dev", profile: "dev", stacks: ["bootstrap", "baseline", "ci", "network", "data", "compute", "edge"] },
  { label: "staging", profile: "staging" },
  { label: "prod", profile: "prod" },
  {
    label: "dev-nonat",
    profile: "dev",
    edit: (p) => ({ ...p, network: { ...p.network, natStrategy: "none" }, edge: { ...p.edge, restrictAlbToCloudFront: false } }),
    stacks: ["network"],
  },
  {
    label: "staging-peered",
    profile: "staging",
    edit: (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ...PEER_PORTS, peerAccountId: "222222222222" } } }),
    stacks: ["network", "ci"],
  },
  {
    label: "prod-peered",
    profile: "prod",
    edit: (p) => ({ ...p, network: { ...p.network, peering: { role: "accepter", with: "staging", ...PEER_PORTS } } }),
    stacks: ["network"],
  },
  { label: "dev-shared-ecr", profile: "dev", edit: (p) => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging" } }), stacks: ["data", "compute", "ci"] },
  { label: "dev-oidc-existing", profile: "dev", edit: (p) => ({ ...p, ci: { ...p.ci, oidcProvider: "existing" } }), stacks: ["bootstrap"] },
];
const PLATFORM_STACKS = ["network", "data", "compute", "edge"];
/** Stacks every profile validates: the CI identities and the baseline differ per profile, bootstrap does not. */
const PROFILE_STACKS = ["baseline", "ci", ...PLATFORM_STACKS];

const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "payment-validate-"));
const workDir = path.join(__dirname, "..", "node_modules", ".cache", "payment-tf-validate");

function synthesize(target: Target): StackDir[] {
  const outdir = path.join(outRoot, target.label);
  const app = new App({ outdir, stackTraces: false });
  composePlatform(app, configFor(target.profile, {}, target.edit));
  app.synth();
  const stacksDir = path.join(outdir, "stacks");
  const wanted = target.stacks ?? PROFILE_STACKS;
  return fs
    .readdirSync(stacksDir)
    .filter((stack) => wanted.includes(stack) || !["bootstrap", ...PROFILE_STACKS].includes(stack))
    .map((stack) => ({ label: `${target.label}-${stack}`, dir: path.join(stacksDir, stack) }));
}

let stacks: StackDir[];
let result: ValidateResult;

beforeAll(() => {
  stacks = TARGETS.flatMap(synthesize);
  const canary = { label: "canary", dir: path.join(__dirname, "fixtures") };
  fs.copyFileSync(path.join(canary.dir, "canary.tf.json"), path.join(outRoot, "cdk.tf.json"));
  result = validateStacks([...stacks, { label: "canary", dir: outRoot }], workDir);
  for (const note of result.notes) console.log(`terraform validate: ${note}`);
}, 180_000);

afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

it("validates bootstrap, the ci stack and every platform stack of every profile, and each variant's changed stacks", () => {
  const labels = stacks.map((s) => s.label);
  for (const profile of ["dev", "staging", "prod"]) {
    expect(labels).toEqual(expect.arrayContaining(PROFILE_STACKS.map((stack) => `${profile}-${stack}`)));
  }
  expect(labels).toEqual(
    expect.arrayContaining(["dev-bootstrap", "dev-oidc-existing-bootstrap", "dev-nonat-network", "staging-peered-network", "staging-peered-ci", "prod-peered-network", "dev-shared-ecr-data", "dev-shared-ecr-compute", "dev-shared-ecr-ci"]),
  );
});

it("finds no error and no warning in any synthesized stack", () => {
  const findings = result.diagnostics.filter((d) => d.module !== "canary");
  if (findings.length > 0) throw new Error(`terraform validate:\n${formatDiagnostics(findings)}`);
  expect(findings).toEqual([]);
});

it("says which stacks it validated with hashicorp/random swapped for variables when the mirror lacks it", () => {
  const randomMirrored = fs.existsSync(path.join(findPluginDir(), "registry.terraform.io", "hashicorp", "random"));
  const withRandom = stacks.filter((s) => s.label.endsWith("-compute")).map((s) => s.label);
  expect(withRandom.length).toBeGreaterThan(0);
  expect(result.notes).toEqual(
    randomMirrored
      ? []
      : withRandom.map((label) => expect.stringMatching(new RegExp(`^${label}: hashicorp/random is not in the provider mirror .+; validated with random_password\\.origin-verify replaced by input variables$`))),
  );
});

it("reports the canary's error and warning, so a clean result means something", () => {
  const canary = result.diagnostics.filter((d) => d.module === "canary");
  expect(canary).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ severity: "error", summary: "Extraneous JSON object property", detail: expect.stringContaining("not_an_argument") }),
      expect.objectContaining({ severity: "warning", summary: "Argument is deprecated" }),
    ]),
  );
});
