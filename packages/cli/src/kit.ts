/**
 * `@polyprompt/cli/kit`: what the CLI prints with and talks through, for tools that show prompts
 * the way `polyprompt` does (the repo's scripted tour is one). Not needed to run the CLI.
 */
export { colorEnabled, loadTextWidth, type Colors } from "./ansi.js";
export { createColors } from "./colors.js";
export { formatEvent, formatJson, formatStats, formatVersion, formatVersionTable, shortId, trimJson } from "./format.js";
export { handleOutputErrors } from "./output-errors.js";
export { startBuiltInEmulator } from "./target.js";
export { emulatorVendors, KNOWN_VENDORS, loadVendorProfiles, type CliProfile } from "./vendors.js";
