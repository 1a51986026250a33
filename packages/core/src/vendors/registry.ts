/**
 * The built-in vendors: each has a folder `vendors/<name>/` and an entry point
 * `@polyprompt/core/<name>`. The build, the package's `exports` check and the apps' profile
 * tables (`Record<BuiltInVendorName, Profile>`) all follow this one list.
 */
export const BUILT_IN_VENDORS = ["helicone", "tela", "langfuse"] as const;

/** The name of a built-in vendor, as used in references (`"helicone"` in `"helicone:abc123"`). */
export type BuiltInVendorName = (typeof BUILT_IN_VENDORS)[number];
