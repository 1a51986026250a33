import { describe, expect, it } from "vitest";
import { shellExport } from "./shell.js";

describe("shellExport", () => {
  it("leaves URLs and keys bare", () => {
    expect(shellExport("ACME_BASE_URL", "http://127.0.0.1:8787/acme")).toBe("export ACME_BASE_URL=http://127.0.0.1:8787/acme");
    expect(shellExport("ACME_KEY", "pk-lf-0000")).toBe("export ACME_KEY=pk-lf-0000");
  });
  it("single-quotes anything a shell would interpret, quotes included", () => {
    expect(shellExport("A", "a b")).toBe("export A='a b'");
    expect(shellExport("A", "$(rm -rf ~)")).toBe("export A='$(rm -rf ~)'");
    expect(shellExport("A", "it's")).toBe("export A='it'\\''s'");
    expect(shellExport("A", "")).toBe("export A=''");
  });
});
