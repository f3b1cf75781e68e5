/**
 * AWS regions this app may deploy to, with the letters of their availability zones, so a typo
 * (`eu-west-1z`, `us-east-7`) stops validation instead of failing halfway through an apply.
 * AZ letters are per region (an account sees a subset of them); a new region is one line here.
 */
export const REGION_AZ_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "abc",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "eu-north-1": "abc",
  "il-central-1": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-7": "abc",
  "ap-northeast-1": "abcd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "us-gov-west-1": "abc",
  "us-gov-east-1": "abc",
};

export const KNOWN_REGIONS: readonly string[] = Object.keys(REGION_AZ_LETTERS);

export function isKnownRegion(region: unknown): region is string {
  return typeof region === "string" && Object.hasOwn(REGION_AZ_LETTERS, region);
}

/** The AZ names of a known region (validation checks the region first): us-east-1a ... us-east-1f. */
export function availabilityZonesOf(region: string): string[] {
  return [...REGION_AZ_LETTERS[region]].map((letter) => `${region}${letter}`);
}
