// Everything that prints text (tables, versions, diffs, reports), in one module that the
// commands load only when they print text: JSON output and misuse never load it.
export * from "./format.js";
export * from "./prompt-dir-format.js";
