import type { PromptVariables, PromptVersion } from "../model/types.js";

/**
 * A value for every variable and placeholder of a version, chosen by its declared type, so a
 * migration can render the source and the target alike and compare them.
 *
 * @example
 * sampleVariables(version); // { name: "name-sample", count: 42, vip: true, history: [{ role: "user", content: "history-sample" }] }
 */
export function sampleVariables(version: Pick<PromptVersion, "variables" | "messages">): PromptVariables {
  const values: PromptVariables = {};
  for (const variable of version.variables) values[variable.name] = sampleFor(variable.name, variable.type);
  for (const message of version.messages) {
    if (message.role === "placeholder") values[message.name] = [{ role: "user", content: `${message.name}-sample` }];
  }
  return values;
}

function sampleFor(name: string, type: string): unknown {
  switch (type) {
    case "number":
      return 42;
    case "boolean":
      return true;
    case "array":
      return ["one", "two"];
    case "object":
      return { key: "value" };
    case "file":
      return "https://example.com/sample.pdf";
    default:
      return `${name}-sample`;
  }
}
