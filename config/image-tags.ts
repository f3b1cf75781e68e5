import { ConfigError } from "./errors";
import type { ServiceConfig } from "./types";

/**
 * IMAGE_TAGS: per-service image tags as JSON ({"api-gateway": "3f9c2ab", ...}), written by
 * `npm run released-tags` from the environment's recorded releases and by `npm run release`
 * for the services it releases. A service it names wins over IMAGE_TAG; each value is then
 * validated like any imageTag (compute.services[i].imageTag).
 */
export function withServiceImageTags(services: readonly ServiceConfig[], json: string | undefined): readonly ServiceConfig[] {
  if (json === undefined || json.trim() === "") return services;
  let tags: unknown;
  try {
    tags = JSON.parse(json);
  } catch {
    throw new ConfigError("IMAGE_TAGS", json, 'must be a JSON object of service name to image tag, e.g. {"api-gateway":"3f9c2ab"}');
  }
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    throw new ConfigError("IMAGE_TAGS", json, 'must be a JSON object of service name to image tag, e.g. {"api-gateway":"3f9c2ab"}');
  }
  const names = services.map((s) => s.name);
  for (const [name, tag] of Object.entries(tags)) {
    if (!names.includes(name)) throw new ConfigError(`IMAGE_TAGS.${name}`, tag, `names no configured service; services: ${names.join(", ")}`);
    if (typeof tag !== "string") throw new ConfigError(`IMAGE_TAGS.${name}`, tag, "must be a string (an image tag)");
  }
  const byName = tags as Record<string, string>;
  return services.map((s) => (Object.hasOwn(byName, s.name) ? { ...s, imageTag: byName[s.name] } : s));
}
