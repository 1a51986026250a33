// Writes through the vendors' own routes, then reads through the client (emulator only: the
// live targets are read-only). Helicone: POST /v1/prompt-2025/update/environment and /update.
// Tela: POST /environment/publish-by-name and POST /prompt-version.
import { describe, expect, it } from "vitest";
import { forEachTarget, type Session } from "./targets.js";
import { sleep, withManualClock } from "./support.js";
import { VENDOR_PROFILES, type VendorWrite } from "./vendors.js";

/** Calls a vendor route with the row's credentials, as the vendor's own SDK or UI would. */
async function vendorWrite(s: Session, { method, path, body }: VendorWrite): Promise<Record<string, unknown>> {
  const response = await fetch(`${s.baseUrl}${path}`, {
    method,
    headers: { authorization: s.authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** Moves `environment` of the row's prompt to `versionId`, through the vendor's route. */
async function promote(s: Session, versionId: string, environment: string): Promise<void> {
  const write = VENDOR_PROFILES[s.vendor].promote(s.promptId, versionId, environment);
  await vendorWrite(s, write);
}

/** Creates a new version through the vendor's route; returns its id. */
async function createVersion(s: Session, text: string): Promise<string> {
  const write = VENDOR_PROFILES[s.vendor].createVersion(s.promptId, s.versions[0]!.versionId, text);
  return write.idOf(await vendorWrite(s, write));
}

forEachTarget((tc, session) => {
  const s = (): Session => session();
  const emulatorOnly = it.skipIf(tc.kind !== "emulator");

  describe("writes then reads", () => {
    emulatorOnly("promote a version to production via the vendor route; invalidate; get production returns it", async () => {
      const client = s().client();
      const before = await client.get(s().ref());
      const target = s().versions.find((v) => v.versionId !== before.versionId && !v.draft)!;
      await promote(s(), target.versionId, "production");

      expect((await client.get(s().ref())).versionId, "the cached production version until invalidated").toBe(before.versionId);
      await client.invalidate(s().ref());
      const after = await client.get(s().ref());
      expect(after.source).toBe("network");
      expect(after.versionId).toBe(target.versionId);
      expect(after.version).toBe(target.version);
      expect(after.environments).toContain("production");

      const listed = await client.listVersions(s().ref());
      expect(listed.filter((v) => v.environments.includes("production")).map((v) => v.versionId)).toEqual([target.versionId]);
      expect((await client.get(s().ref(`#${before.versionId}`))).versionId).toBe(before.versionId);

      await promote(s(), before.versionId, "production"); // leave the seed as it was for the next case
    });

    emulatorOnly("a promotion reaches a client with a short ttl through stale-while-revalidate, without invalidate", () =>
      // Expiry follows Date.now(): a manual clock steps past the ttl, so the case never races the machine.
      withManualClock(async (advance) => {
        const client = s().client({ cache: { ttlMs: 30 } });
        const before = await client.get(s().ref("@staging"));
        const target = s().versions.find((v) => v.versionId !== before.versionId && !v.draft)!;
        await promote(s(), target.versionId, "staging");
        advance(50);
        const stale = await client.get(s().ref("@staging"));
        expect(stale.source).toBe("stale");
        expect(stale.versionId).toBe(before.versionId);
        // The background refresh lands on its own time; the deadline only turns a hang into a message.
        const until = performance.now() + 60_000;
        let now = stale;
        while (now.versionId !== target.versionId && performance.now() < until) {
          await sleep(10);
          now = await client.get(s().ref("@staging"));
        }
        expect(now.versionId, "the refreshed entry").toBe(target.versionId);
        expect(now.environments).toContain("staging");
        await promote(s(), before.versionId, "staging");
      }),
    );

    emulatorOnly("a new version created via the vendor route is @latest after invalidate, and renders", async () => {
      const client = s().client();
      const oldLatest = await client.get(s().ref("@latest"));
      const id = await createVersion(s(), "Write about");
      expect((await client.get(s().ref("@latest"))).versionId, "cached until invalidated").toBe(oldLatest.versionId);
      await client.invalidate(s().ref("@latest"));
      const latest = await client.get(s().ref("@latest"));
      expect(latest.versionId).toBe(id);
      expect(latest.variables.map((v) => v.name)).toEqual(["topic"]);
      const listed = await client.listVersions(s().ref());
      expect(listed[0]!.versionId, "listed first (newest)").toBe(id);
      expect(listed).toHaveLength(s().versions.length + 1);
      const rendered = await client.render(s().ref("@latest"), { topic: "tides" });
      expect(JSON.stringify(rendered.messages)).toContain("Write about tides");
      expect((await client.get(s().ref(`@${listed[0]!.version}`))).versionId, "and reachable by its label").toBe(id);
    });
  });
});
