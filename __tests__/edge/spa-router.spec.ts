import { runInNewContext } from "node:vm";
import { Testing } from "cdktf";
import { SpaRouter, spaRouterCode } from "../../constructs/edge/spa-router";
import { onlyResource, type TfJson } from "../support/synth";

interface ViewerRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: Record<string, { value: string }>;
  cookies: Record<string, { value: string }>;
}

/** The function's own source, run the way CloudFront runs it: a global `handler(event)`. */
const handler = runInNewContext(`${spaRouterCode()}\n;handler`, {}) as (event: unknown) => ViewerRequest;

function viewerRequest(uri: string, querystring: ViewerRequest["querystring"] = {}): unknown {
  return {
    version: "1.0",
    context: { eventType: "viewer-request", distributionId: "EDFDVBD6EXAMPLE", requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==" },
    viewer: { ip: "198.51.100.11" },
    request: { method: "GET", uri, querystring, headers: { host: { value: "app.payments.example.com" } }, cookies: {} },
  };
}

describe("spa-router CloudFront function", () => {
  it.each(["/", "/checkout", "/checkout/", "/orders/123", "/orders/123/receipt", "/account/settings/", "/v1.2/orders"])(
    "serves index.html for the app route %s",
    (uri) => {
      expect(handler(viewerRequest(uri)).uri).toBe("/index.html");
    },
  );

  it.each(["/index.html", "/favicon.ico", "/static/js/main.3f9c2ab1.js", "/static/css/main.0b1c.css", "/robots.txt", "/.well-known/security.txt", "/manifest.json"])(
    "passes the file %s through unchanged",
    (uri) => {
      expect(handler(viewerRequest(uri)).uri).toBe(uri);
    },
  );

  it("keeps the query string, method and headers of a rewritten request", () => {
    const querystring = { ref: { value: "email" }, utm_source: { value: "newsletter" } };
    const request = handler(viewerRequest("/checkout/confirm", querystring));
    expect(request).toMatchObject({ uri: "/index.html", method: "GET", querystring, headers: { host: { value: "app.payments.example.com" } } });
  });

  it("keeps the query string of a file request", () => {
    const querystring = { v: { value: "2" } };
    expect(handler(viewerRequest("/static/js/main.js", querystring))).toMatchObject({ uri: "/static/js/main.js", querystring });
  });

  it("returns the request (never a response), so CloudFront goes on to the origin", () => {
    const request = handler(viewerRequest("/deep/link"));
    expect(Object.keys(request).sort()).toEqual(["cookies", "headers", "method", "querystring", "uri"]);
  });
});

describe("SpaRouter construct", () => {
  const json = JSON.parse(Testing.synthScope((scope) => new SpaRouter(scope, "spa", { name: "payment-spa-router-test" }))) as TfJson;

  it("publishes the file's code on the cloudfront-js-2.0 runtime", () => {
    expect(onlyResource(json, "aws_cloudfront_function")).toMatchObject({
      name: "payment-spa-router-test",
      runtime: "cloudfront-js-2.0",
      publish: true,
      code: spaRouterCode(),
    });
  });

  it("stays within CloudFront's 10 KB function size limit", () => {
    expect(Buffer.byteLength(spaRouterCode())).toBeLessThan(10_240);
  });

  it("matches the snapshot", () => {
    expect(json.resource).toMatchSnapshot();
  });
});
