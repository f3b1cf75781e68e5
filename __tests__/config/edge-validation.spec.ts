import { errorOf } from "./errors";
import { loadConfig } from "../../config/load";
import { PROFILES } from "../../config/profiles";
import type { ProfileConfig } from "../../config/types";
import { CLOUDFRONT_MAX_BEHAVIORS, WEBHOOK_BODY_MAX_BYTES, WEBHOOK_BODY_MIN_BYTES } from "../../config/validation/edge";


const edge = (p: ProfileConfig, change: Partial<ProfileConfig["edge"]>): ProfileConfig => ({ ...p, edge: { ...p.edge, ...change } });
const webhook = (p: ProfileConfig, change: Partial<ProfileConfig["edge"]["webhookBody"]>) => edge(p, { webhookBody: { ...p.edge.webhookBody, ...change } });

describe("edge.webhookBody", () => {
  it.each([WEBHOOK_BODY_MIN_BYTES - 1, WEBHOOK_BODY_MAX_BYTES + 1, 16_384.5])("refuses maxBytes %p", (maxBytes) => {
    expect(errorOf((p) => webhook(p, { maxBytes }))).toMatch(/edge\.webhookBody\.maxBytes.*8192 to 65536/);
  });

  it.each([WEBHOOK_BODY_MIN_BYTES, WEBHOOK_BODY_MAX_BYTES])("accepts maxBytes %i", (maxBytes) => {
    expect(loadConfig({ env: { ENVIRONMENT: "dev" }, profile: webhook(PROFILES.dev, { maxBytes }) }).edge.webhookBody.maxBytes).toBe(maxBytes);
  });

  it.each(["webhook/", "/webhook", "/web hook/", "/webhook/*"])("refuses the path prefix %p", (pathPrefix) => {
    expect(errorOf((p) => webhook(p, { pathPrefix }))).toMatch(/: edge\.webhookBody\.pathPrefix = /);
  });

  it("refuses a prefix no service's ALB pattern covers (its requests would go to the bucket)", () => {
    expect(errorOf((p) => webhook(p, { pathPrefix: "/hooks/" }))).toMatch(/edge\.webhookBody\.pathPrefix.*"\/hooks\/".*inside an ALB path pattern/);
  });

  it("accepts a narrower prefix inside an ALB pattern", () => {
    expect(loadConfig({ env: { ENVIRONMENT: "dev" }, profile: webhook(PROFILES.dev, { pathPrefix: "/webhook/stripe/" }) }).edge.webhookBody.pathPrefix).toBe(
      "/webhook/stripe/",
    );
  });
});

describe("edge.frontendReplicaRegion", () => {
  it("replicates prod only, to us-west-2", () => {
    expect(PROFILES.prod.edge.frontendReplicaRegion).toBe("us-west-2");
    expect(PROFILES.dev.edge.frontendReplicaRegion).toBeUndefined();
    expect(PROFILES.staging.edge.frontendReplicaRegion).toBeUndefined();
  });

  it("refuses the profile's own region", () => {
    expect(errorOf((p) => edge(p, { frontendReplicaRegion: "us-east-1" }), {}, "prod")).toMatch(/edge\.frontendReplicaRegion.*must differ from the profile's region us-east-1/);
  });

  it("refuses something that is not a region", () => {
    expect(errorOf((p) => edge(p, { frontendReplicaRegion: "oregon" }))).toMatch(/edge\.frontendReplicaRegion.*"oregon".*known AWS region/);
  });
});

describe("CloudFront behaviors", () => {
  it(`refuses more than ${CLOUDFRONT_MAX_BEHAVIORS} ALB path patterns in total`, () => {
    // Four patterns per service (the ALB's limit per rule), spread over extra services.
    const extra = Array.from({ length: Math.ceil(CLOUDFRONT_MAX_BEHAVIORS / 4) }, (_, i) => ({
      ...PROFILES.dev.compute.services[1],
      name: `extra-${i}`,
      albPathPatterns: [0, 1, 2, 3].map((j) => `/extra-${i}-${j}/*`),
    }));
    const total = PROFILES.dev.compute.services.flatMap((s) => s.albPathPatterns ?? []).length + extra.length * 4;
    const message = errorOf((p) => ({ ...p, compute: { ...p.compute, services: [...p.compute.services, ...extra] } }));
    expect(message).toMatch(new RegExp(`albPathPatterns = ${total}: must total at most ${CLOUDFRONT_MAX_BEHAVIORS}`));
  });
});
