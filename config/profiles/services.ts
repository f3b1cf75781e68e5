import type { ServiceConfig } from "../types";

/** Image tag every profile deploys unless IMAGE_TAG overrides it (CI sets the commit SHA). */
export const DEFAULT_IMAGE_TAG = "1.0.0";

const base = {
  cpu: 1024,
  memory: 2048,
  containerPort: 8080,
  imageTag: DEFAULT_IMAGE_TAG,
  healthCheckPath: "/health",
  maxCapacity: 10,
  // Each service is its own PostgreSQL role owning one schema (help/secrets.md#database-access).
  databaseAccess: "own-schema",
} as const;

/**
 * The platform's three services. Profiles scale them with `withCapacity`; adding a
 * service is one more entry here plus an image in its repository.
 */
export const PLATFORM_SERVICES: readonly ServiceConfig[] = [
  {
    ...base,
    name: "api-gateway",
    desiredCount: 3,
    minCapacity: 3,
    albPathPatterns: ["/api/*", "/webhook/*"],
    queueAccess: "send",
    usesApiKeys: true,
  },
  {
    ...base,
    name: "payment-processor",
    desiredCount: 2,
    minCapacity: 2,
    queueAccess: "consume",
    usesApiKeys: true,
  },
  {
    ...base,
    name: "fraud-detector",
    desiredCount: 2,
    minCapacity: 2,
    queueAccess: "none",
    usesApiKeys: false,
  },
];

/** The platform services with per-profile capacity overrides, keyed by service name. */
export function withCapacity(
  overrides: Readonly<Record<string, Partial<Pick<ServiceConfig, "desiredCount" | "minCapacity" | "maxCapacity" | "cpu" | "memory">>>>,
): readonly ServiceConfig[] {
  return PLATFORM_SERVICES.map((service) => ({ ...service, ...overrides[service.name] }));
}
