import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { PROFILES } from "../../config/profiles";
import { PROFILE_NAMES, type ProfileConfig, type ServiceConfig } from "../../config/types";
import { synthesizeAtomically } from "../../lib/synth-runner";
import { composePlatform } from "../../main";
import { RULES } from "../policy/checks";
import { PlatformView } from "../policy/rules";
import { synthPlatform } from "../support/synth";

/**
 * Generates profiles from the shipped ones with fields replaced by valid, borderline and
 * invalid values, and checks that each either synthesizes and passes every security policy
 * rule, or fails with the documented one-line ConfigError and writes nothing. Anything else
 * (a TypeError, a stack trace, a partial cdktf.out) fails the test.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
/** Accepted configs are synthesized in full; cap them to keep the suite fast. */
const MAX_SYNTHESES = Number(process.env.FUZZ_MAX_SYNTH ?? 6);

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: -5, max: 400 }));
const cidr = fc.oneof(
  fc.record({ b: fc.integer({ min: 3, max: 255 }), p: fc.integer({ min: 14, max: 22 }) }).map(({ b, p }) => `10.${b}.0.0/${p}`),
  fc.tuple(octet, octet, octet, octet, fc.integer({ min: -1, max: 40 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
  fc.constantFrom("10.1.0.0/16", "10.0.0.0/8", "", "10.0.0.0", "not-a-cidr"),
);
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const suffix = fc.oneof(label, fc.string({ maxLength: 40 }), fc.constantFrom("pr1", "a".repeat(33), "x--y", "Upper"));
const dnsName = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join(".")}.example.com`),
  fc.string({ maxLength: 30 }),
  fc.constantFrom("app..example.com", "-bad.example.com", "example"),
);
const percent = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: -10, max: 150 }));
const capacity = fc.integer({ min: -2, max: 15 });

const serviceEdit = fc.record(
  {
    name: fc.oneof(label, fc.constantFrom("api-gateway", "ledger", "Bad_Name", "x")),
    cpu: fc.oneof(fc.constantFrom(256, 512, 1024, 2048, 4096), fc.integer({ min: 0, max: 5000 })),
    memory: fc.oneof(fc.constantFrom(512, 1024, 2048, 4096, 8192), fc.integer({ min: 0, max: 20000 })),
    containerPort: fc.oneof(fc.constant(8080), fc.integer({ min: -1, max: 70000 })),
    imageTag: fc.oneof(fc.constantFrom("1.2.3", "latest", "3f9c2ab"), fc.string({ maxLength: 12 })),
    minCapacity: capacity,
    maxCapacity: capacity,
    desiredCount: capacity,
  },
  { requiredKeys: [] },
);

const profileEdit = fc.record(
  {
    base: fc.constantFrom(...PROFILE_NAMES),
    vpcCidr: cidr,
    azs: fc.array(fc.constantFrom("a", "b", "c", "d", "z"), { minLength: 0, maxLength: 4 }),
    foreignAz: fc.boolean(),
    natStrategy: fc.constantFrom<string>("per-az", "single", "none", "double"),
    minAcu: fc.oneof(fc.constantFrom(0, 0.5, 1, 2), fc.double({ min: -1, max: 300, noNaN: true })),
    maxAcu: fc.oneof(fc.constantFrom(1, 4, 8, 64), fc.double({ min: -1, max: 300, noNaN: true })),
    backupRetentionDays: fc.integer({ min: -2, max: 40 }),
    maxReceiveCount: fc.integer({ min: -1, max: 6 }),
    cacheNodes: fc.integer({ min: -1, max: 7 }),
    cpuTarget: percent,
    dbCpuPercent: percent,
    services: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), serviceEdit), { maxLength: 3 }),
    domain: fc.option(fc.record({ zone: dnsName, app: dnsName, api: dnsName }), { nil: undefined }),
    priceClass: fc.constantFrom<string>("PriceClass_100", "PriceClass_All", "PriceClass_42"),
    wafRateLimit: fc.oneof(fc.integer({ min: 10, max: 5000 }), fc.integer({ min: -5, max: 20 })),
    suffix,
  },
  { requiredKeys: ["base", "suffix"] },
);

type Edit = typeof profileEdit extends fc.Arbitrary<infer T> ? T : never;

/** Values inside every documented range, consistent with each other: these must synthesize. */
const validEdit = fc
  .record({
    base: fc.constantFrom(...PROFILE_NAMES),
    vpcCidr: fc.record({ b: fc.integer({ min: 3, max: 255 }), p: fc.integer({ min: 16, max: 20 }) }).map(({ b, p }) => `10.${b}.0.0/${p}`),
    natStrategy: fc.constantFrom("per-az", "single", "none"),
    maxAcu: fc.integer({ min: 2, max: 512 }).map((n) => n / 2),
    backupRetentionDays: fc.integer({ min: 1, max: 35 }),
    maxReceiveCount: fc.integer({ min: 1, max: 1000 }),
    cacheNodes: fc.integer({ min: 1, max: 6 }),
    cpuTarget: fc.integer({ min: 1, max: 100 }),
    dbCpuPercent: fc.integer({ min: 1, max: 100 }),
    services: fc.array(
      fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.record({ minCapacity: fc.integer({ min: 0, max: 4 }), extra: fc.integer({ min: 0, max: 6 }), cpu: fc.constantFrom(256, 1024, 4096) }).map(
          ({ minCapacity, extra, cpu }) => ({ minCapacity, maxCapacity: Math.max(1, minCapacity + extra), desiredCount: Math.max(1, minCapacity), cpu, memory: cpu * 2 }),
        ),
      ),
      { maxLength: 2 },
    ),
    priceClass: fc.constantFrom("PriceClass_100", "PriceClass_200", "PriceClass_All"),
    wafRateLimit: fc.integer({ min: 10, max: 2_000_000_000 }),
    suffix: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
  })
  .map(
    (edit): Edit => ({
      ...edit,
      // Staging and prod trace with X-Ray, whose daemon image needs NAT.
      natStrategy: edit.natStrategy === "none" && edit.base !== "dev" ? "single" : edit.natStrategy,
      services: edit.services.map(([i, change]) => [i, i === 3 ? { ...change, name: "ledger" } : change]),
    }),
  );

const anyEdit = fc.oneof({ weight: 1, arbitrary: validEdit }, { weight: 2, arbitrary: profileEdit });


function apply(edit: Edit): ProfileConfig {
  const p = PROFILES[edit.base];
  const region = p.region;
  const services = [...p.compute.services] as ServiceConfig[];
  for (const [index, change] of edit.services ?? []) {
    services[index] = { ...(services[index] ?? { ...services[2], name: "ledger" }), ...change };
  }
  return {
    ...p,
    network: {
      ...p.network,
      ...(edit.vpcCidr !== undefined ? { vpcCidr: edit.vpcCidr } : {}),
      ...(edit.azs !== undefined ? { availabilityZones: edit.azs.map((z) => `${edit.foreignAz ? "ap-south-1" : region}${z}`) } : {}),
      ...(edit.natStrategy !== undefined ? { natStrategy: edit.natStrategy as never } : {}),
    },
    database: {
      ...p.database,
      ...(edit.minAcu !== undefined ? { minCapacityAcu: edit.minAcu } : {}),
      ...(edit.maxAcu !== undefined ? { maxCapacityAcu: edit.maxAcu } : {}),
      ...(edit.backupRetentionDays !== undefined ? { backupRetentionDays: edit.backupRetentionDays } : {}),
    },
    queue: { ...p.queue, ...(edit.maxReceiveCount !== undefined ? { maxReceiveCount: edit.maxReceiveCount } : {}) },
    cache: { ...p.cache, ...(edit.cacheNodes !== undefined ? { enabled: true, nodeCount: edit.cacheNodes } : {}) },
    compute: {
      ...p.compute,
      services,
      autoscaling: { ...p.compute.autoscaling, ...(edit.cpuTarget !== undefined ? { cpuTargetPercent: edit.cpuTarget } : {}) },
    },
    alarms: { ...p.alarms, ...(edit.dbCpuPercent !== undefined ? { dbCpuPercent: edit.dbCpuPercent } : {}) },
    edge: {
      ...p.edge,
      ...(edit.priceClass !== undefined ? { priceClass: edit.priceClass as never } : {}),
      ...(edit.wafRateLimit !== undefined ? { wafRateLimit: edit.wafRateLimit } : {}),
      ...("domain" in edit
        ? { domain: edit.domain && { hostedZone: edit.domain.zone, appDomain: edit.domain.app, apiDomain: edit.domain.api } }
        : {}),
    },
  };
}

it(`synthesizes a secure platform or fails with one line, for ${RUNS} generated configs`, () => {
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "payment-fuzz-"));
  const counts = { cases: 0, rejected: 0, accepted: 0, synthesized: 0 };
  const fieldsRejected = new Map<string, number>();
  fc.assert(
    fc.property(anyEdit, (edit) => {
      counts.cases++;
      const profile = apply(edit);
      const env = { ENVIRONMENT: edit.base, ENVIRONMENT_SUFFIX: edit.suffix };
      let config;
      try {
        config = loadConfig({ env, profile });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        expect(error.message).toMatch(/^invalid configuration: [\w.[\]]+ = .+: .+$/);
        expect(error.message).not.toContain("\n");
        fieldsRejected.set(error.field, (fieldsRejected.get(error.field) ?? 0) + 1);
        counts.rejected++;
        // The same config through the CLI path leaves no output behind.
        const outdir = path.join(outRoot, `case-${counts.cases}`);
        const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        const code = synthesizeAtomically((app) => composePlatform(app, loadConfig({ env, profile })), outdir);
        stderr.mockRestore();
        expect(code).toBe(1);
        expect(fs.existsSync(outdir)).toBe(false);
        return;
      }
      counts.accepted++;
      if (counts.synthesized >= MAX_SYNTHESES) return;
      counts.synthesized++;
      const view = new PlatformView(synthPlatform(config), config);
      for (const rule of RULES) expect({ rule: rule.id, violations: rule.check(view) }).toEqual({ rule: rule.id, violations: [] });
    }),
    { seed: SEED, numRuns: RUNS },
  );
  expect(fs.readdirSync(outRoot)).toEqual([]);
  console.log(
    `config fuzzing: ${counts.cases} cases (seed ${SEED}): ${counts.rejected} rejected with one line, ${counts.accepted} accepted, ` +
      `${counts.synthesized} of them synthesized and policy-checked; rejected fields: ${[...fieldsRejected.entries()].map(([f, n]) => `${f} ${n}`).join(", ")}`,
  );
  expect(counts.rejected).toBeGreaterThan(RUNS / 4);
  expect(counts.synthesized).toBeGreaterThan(0);
}, 120_000);
