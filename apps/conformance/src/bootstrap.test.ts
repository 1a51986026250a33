// Offline bootstrap, for each vendor on each target: a bundle made through the client reads back
// with readBundle, a bootstrapped client serves it at once (source "bootstrap") and then the
// vendor's version, and (emulator) serves it through an outage from the first request.
import { describe, expect, it } from "vitest";
import { BUNDLE_FORMAT, createBundle, DEFAULT_BUNDLE_LIMITS, readBundle } from "@polyprompt/core";
import { forEachTarget, type Session } from "./targets.js";
import { caught, sleep } from "./support.js";

forEachTarget((tc, session) => {
  const s = (): Session => session();

  describe("bootstrap", () => {
    it('createBundle → JSON → readBundle round trips; a bootstrapped get is "bootstrap", then the vendor\'s version', async () => {
      const bundle = await createBundle(s().client(), [s().ref()]);
      expect(bundle.format).toBe(BUNDLE_FORMAT);
      expect(bundle.entries.length).toBeLessThanOrEqual(DEFAULT_BUNDLE_LIMITS.maxEntries);
      expect(readBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
      const client = s().client({ bootstrap: bundle });
      const first = await client.get(s().ref());
      expect(first.source).toBe("bootstrap");
      // Each call while the refresh runs serves the bootstrap entry again; then the cache has the vendor's.
      let source = first.source;
      for (let i = 0; i < 2_000 && source === "bootstrap"; i++) {
        await sleep(5);
        source = (await client.get(s().ref())).source;
      }
      expect(source, "the refresh replaced the bootstrap entry").toBe("cache");
      expect(client.stats().bootstrapServed).toBeGreaterThanOrEqual(1);
      expect((await caught(async () => readBundle({ format: "x" }))).code).toBe("invalid_config");
    });

    it.skipIf(tc.kind !== "emulator")("with the vendor down from the first request, the bundle is served for get and render", async () => {
      const bundle = await createBundle(s().client(), [s().ref()]);
      const fault = s().emulator!.faults.add({ match: { vendor: tc.vendor }, status: 503 });
      try {
        const client = s().client({ bootstrap: bundle, retry: false });
        expect((await client.get(s().ref())).source).toBe("bootstrap");
        expect((await client.render(s().ref(), {}, { missing: "keep" })).source).toBe("bootstrap");
      } finally {
        fault.remove();
      }
    });
  });
});
