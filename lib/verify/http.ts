import { check, stringOutput, type CheckResult, type StackOutputs } from "./check";

export type Fetch = (url: string, init?: { redirect?: "manual"; headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

/** Headers the CloudFront response headers policy adds (constructs/edge/security-headers.ts). */
export const SECURITY_HEADERS = [
  "strict-transport-security",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "content-security-policy",
] as const;

async function get(fetch: Fetch, url: string, timeoutMs: number): Promise<Response> {
  return fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
}

function missingHeaders(response: Response): string[] {
  return SECURITY_HEADERS.filter((h) => !response.headers.has(h));
}

/** cloudfront_url: HTTPS, the SPA on / and on a client-side route, /api/health, security headers on both. */
export async function edgeHttpChecks(outputs: StackOutputs, fetch: Fetch, timeoutMs = 10_000): Promise<CheckResult[]> {
  const base = () => stringOutput(outputs, "cloudfront_url").replace(/\/$/, "");
  const page = (path: string, expect: "html" | "any") => async () => {
    const url = `${base()}${path}`;
    if (!url.startsWith("https://")) return { ok: false, detail: `${url} is not HTTPS` };
    const response = await get(fetch, url, timeoutMs);
    const type = response.headers.get("content-type") ?? "";
    const missing = missingHeaders(response);
    const problems = [
      ...(response.status === 200 ? [] : [`status ${response.status}`]),
      ...(expect === "html" && !type.startsWith("text/html") ? [`content-type ${type || "none"}`] : []),
      ...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []),
    ];
    return { ok: problems.length === 0, detail: problems.length === 0 ? `${url}: 200${expect === "html" ? " text/html" : ""}, security headers present` : `${url}: ${problems.join("; ")}` };
  };
  return [
    await check("edge", "SPA", page("/", "html")),
    // A client-side route: the CloudFront Function serves index.html, not a 403/404.
    await check("edge", "SPA route", page("/checkout/verify", "html")),
    await check("edge", "API health through CloudFront", page("/api/health", "any")),
  ];
}

/** Without the origin header the ALB answers no request (the security group may not even let it connect). */
export async function albRefusesDirect(outputs: StackOutputs, fetch: Fetch, timeoutMs = 5_000): Promise<CheckResult> {
  return check("compute", "ALB refuses requests without the origin header", async () => {
    const url = `${stringOutput(outputs, "alb_url").replace(/\/$/, "")}/api/health`;
    let response: Response;
    try {
      response = await get(fetch, url, timeoutMs);
    } catch (error) {
      return { ok: true, detail: `${url}: no connection (${(error as Error).name})` };
    }
    const refused = response.status >= 400;
    return { ok: refused, detail: `${url}: ${response.status}${refused ? "" : ", served without the origin header"}` };
  });
}
