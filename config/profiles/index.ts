import type { ProfileConfig, ProfileName } from "../types";
import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";

export const PROFILES: Readonly<Record<ProfileName, ProfileConfig>> = { dev, staging, prod };
