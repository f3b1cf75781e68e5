import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { AccountGuard } from "../../constructs/account-guard";
import { asList, configFor, synthFoundation, synthPlatform, type TfJson } from "../support/synth";

/** Every aws provider block of a stack, aliased ones included. */
const awsProviders = (json: TfJson) => asList(json.provider?.aws);

describe("account guard", () => {
  it("puts allowed_account_ids on every aws provider block of every stack when ACCOUNT_ID is set", () => {
    const platform = synthPlatform(configFor("prod", { ACCOUNT_ID: "123456789012" }));
    const blocks = Object.values(platform).flatMap(awsProviders);
    // edge has the us-east-1 alias besides its default provider.
    expect(blocks.length).toBeGreaterThan(Object.keys(platform).length);
    for (const block of blocks) expect(block.allowed_account_ids).toEqual(["123456789012"]);
  });

  it("guards the aliased providers a stack creates for other regions (prod's edge in the DR region, its baseline in each region)", () => {
    const platform = synthPlatform(configFor("prod", { ACCOUNT_ID: "210987654321" }));
    for (const stack of ["edge", "baseline"]) {
      const aliased = awsProviders(platform[stack]).filter((b) => b.alias);
      expect(aliased.length).toBeGreaterThan(0);
      for (const block of aliased) expect(block.allowed_account_ids).toEqual(["210987654321"]);
    }
  });

  it("takes the profile's accountId when ACCOUNT_ID is unset", () => {
    const platform = synthFoundation(configFor("dev", {}, (p) => ({ ...p, accountId: "111122223333" })));
    expect(awsProviders(platform.network)[0].allowed_account_ids).toEqual(["111122223333"]);
    expect(awsProviders(platform.bootstrap)[0].allowed_account_ids).toEqual(["111122223333"]);
  });

  it("leaves providers unguarded when no account is known", () => {
    const platform = synthFoundation(configFor("dev"));
    for (const block of Object.values(platform).flatMap(awsProviders)) expect(block).not.toHaveProperty("allowed_account_ids");
  });

  it("refuses a provider that allows another account", () => {
    const stack = new TerraformStack(Testing.app(), "guarded");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["999999999999"] });
    AccountGuard.apply(stack, "123456789012");
    expect(() => Testing.synth(stack)).toThrow("guarded/aws allows accounts 999999999999, but this environment deploys to 123456789012");
  });
});
