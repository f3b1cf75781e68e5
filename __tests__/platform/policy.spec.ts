import { PROFILE_NAMES } from "../../config/types";
import { configFor, synthPlatform } from "../support/synth";
import { RULES } from "../policy/checks";
import { PlatformView } from "../policy/rules";

describe.each(PROFILE_NAMES)("security policy (%s)", (profile) => {
  const config = configFor(profile);
  const view = new PlatformView(synthPlatform(config), config);

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
    expect(rule.check(view)).toEqual([]);
  });
});
