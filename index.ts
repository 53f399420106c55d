// Pulumi entry point for both stacks: the `site` config key, not the stack name, picks what is built.
import { loadConfig, rawStackConfig } from "./config";
import { createSite } from "./program";

export = async (): Promise<Record<string, unknown>> => createSite(loadConfig(rawStackConfig()));
