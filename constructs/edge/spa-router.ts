import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { Construct } from "constructs";

const SOURCE_FILE = "spa-router.js";

/**
 * The function's JavaScript, read at synthesis. It lives in its own file so Jest runs the exact
 * code CloudFront runs. Next to this module under tsx; from a `tsc` build in dist/, the file
 * (which tsc does not copy) is read from the source tree.
 */
export function spaRouterCode(): string {
  const candidates = [join(__dirname, SOURCE_FILE), join(__dirname, "..", "..", "..", "constructs", "edge", SOURCE_FILE)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`CloudFront function source ${SOURCE_FILE} not found next to ${__dirname}`);
  return readFileSync(found, "utf8");
}

export interface SpaRouterProps {
  /** 1-64 characters: letters, digits, - and _. */
  readonly name: string;
}

/** Viewer-request function that serves index.html for the React app's routes (see spa-router.js). */
export class SpaRouter extends Construct {
  readonly function: CloudfrontFunction;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SpaRouterProps) {
    super(scope, id);
    this.function = new CloudfrontFunction(this, "function", {
      name: props.name,
      runtime: "cloudfront-js-2.0",
      comment: "Serves /index.html for extension-less paths (React routes)",
      code: spaRouterCode(),
      // Distributions run the LIVE stage; an unpublished function stays in DEVELOPMENT.
      publish: true,
    });
    this.arn = this.function.arn;
  }
}
