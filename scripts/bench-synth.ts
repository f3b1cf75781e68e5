import { App } from "cdktf";
import { loadConfig } from "../config/load";
import { PROFILES } from "../config/profiles";
import type { ServiceConfig } from "../config/types";
import { composePlatform } from "../main";

/**
 * Synthesizes dev with N services (the platform's three plus generated internal ones) into
 * CDKTF_OUTDIR: `npm run bench` times it for 3, 10 and 30 services to show growth per service.
 */
const count = Number(process.argv[2] ?? 3);
const base = PROFILES.dev;
const template = base.compute.services[base.compute.services.length - 1];
const extra: ServiceConfig[] = Array.from({ length: Math.max(0, count - base.compute.services.length) }, (_, i) => ({
  ...template,
  name: `svc-${i + 1}`,
}));
const profile = { ...base, compute: { ...base.compute, services: [...base.compute.services, ...extra] } };
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
composePlatform(app, loadConfig({ env: { ENVIRONMENT: "dev" }, profile }));
app.synth();
