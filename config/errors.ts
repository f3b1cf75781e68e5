/**
 * A configuration mistake the operator can fix. `main.ts` prints its message as a
 * single line and exits non-zero before anything is synthesized.
 */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`invalid configuration: ${field} = ${formatValue(value)}: ${allowed}`);
    this.name = "ConfigError";
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(unset)";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
