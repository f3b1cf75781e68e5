import { resourcesOf, type TfJson } from "../support/synth";

/** Bodies of every resource of `type`, keyed by one of their arguments (a name, an identifier). */
export function bodiesBy(json: TfJson, type: string, field: string): Record<string, Record<string, any>> {
  return Object.fromEntries(resourcesOf(json, type).map(([, body]) => [body[field], body]));
}

/** `<type>.<name>` of the one resource of `type`, as `depends_on` names it. */
export function addressOf(json: TfJson, type: string): string {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return `${type}.${all[0][0]}`;
}

/** `${<type>.<name>.<attribute>}`: a reference to an attribute of the one resource of `type`. */
export function refTo(json: TfJson, type: string, attribute: string): string {
  return `\${${addressOf(json, type)}.${attribute}}`;
}

/** The statements of a resource's JSON policy document. */
export function statementsOf(body: Record<string, any>): any[] {
  return JSON.parse(body.policy).Statement;
}

/** KMS's longest and shortest waits before a scheduled key deletion completes: protected environments wait longest. */
export const KMS_DELETION_WINDOW = { protected: 30, unprotected: 7 } as const;
