import type { EnvironmentConfig } from "./types";
import { validateBaseline, validateLogRetention } from "./validation/baseline";
import { validateCi } from "./validation/ci";
import { validateCompute } from "./validation/compute";
import { validateData } from "./validation/data";
import { validateEdge } from "./validation/edge";
import { validateEnvironment, validateNames } from "./validation/environment";
import { validateNetwork } from "./validation/network";

/**
 * Checks a whole environment before any construct exists. Throws a ConfigError for the
 * first problem; names are checked last so a malformed value is reported as itself.
 */
export function validateConfig(config: EnvironmentConfig): EnvironmentConfig {
  validateEnvironment(config);
  validateLogRetention(config);
  validateBaseline(config);
  validateNetwork(config);
  validateData(config);
  validateCompute(config);
  validateEdge(config);
  validateCi(config);
  validateNames(config);
  return config;
}
