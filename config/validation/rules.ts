import { ConfigError } from "../errors";

/** Small assertion helpers: each throws a ConfigError naming the field and the allowed range. */

export function intInRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, value, `must be a whole number from ${min} to ${max}`);
  }
}

export function numberInRange(field: string, value: number, min: number, max: number, step?: number): void {
  const offStep = step !== undefined && Math.abs(value / step - Math.round(value / step)) > 1e-9;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || offStep) {
    const steps = step !== undefined ? ` in steps of ${step}` : "";
    throw new ConfigError(field, value, `must be a number from ${min} to ${max}${steps}`);
  }
}

export function oneOf<T>(field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new ConfigError(field, value, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
  }
}

export function matches(field: string, value: string, pattern: RegExp, allowed: string): void {
  if (typeof value !== "string" || !pattern.test(value)) throw new ConfigError(field, value, allowed);
}

export function isBoolean(field: string, value: boolean): void {
  if (typeof value !== "boolean") throw new ConfigError(field, value, "must be true or false");
}

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function logRetention(field: string, value: number): void {
  oneOf<number>(field, value, LOG_RETENTION_DAYS);
}

/** A DNS host name: labels of a-z, 0-9 and inner hyphens, at least two labels, at most 253 characters. */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
