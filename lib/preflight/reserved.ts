/**
 * Names that can never be a real deployment's: RFC 2606 / RFC 6761 reserved domains and the
 * placeholders the profiles ship with. A host equal to or under one of them is refused.
 */
const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];

/** The reserved name `host` is or ends in, or undefined when it is a usable name. */
export function reservedDomainOf(host: string): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, "");
  const domain = RESERVED_DOMAINS.find((d) => name === d || name.endsWith(`.${d}`));
  if (domain) return domain;
  const tld = name.split(".").pop()!;
  return RESERVED_TLDS.includes(tld) ? `*.${tld}` : undefined;
}

/** The host of an email address or an https URL. */
export function hostOf(target: string): string {
  if (target.includes("@") && !target.includes("://")) return target.slice(target.lastIndexOf("@") + 1);
  try {
    return new URL(target).hostname;
  } catch {
    return target;
  }
}
