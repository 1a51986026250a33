// watchPrompts for every vendor (emulator only: the live targets are read-only): a version moved
// to another environment through the vendor's own write API is found by a poll, and the client
// serves it at once instead of after its TTL.
import { watchPrompts } from "@polyprompt/core/watch";
import { describe, expect, it } from "vitest";
import { forEachTarget, type Session } from "./targets.js";

forEachTarget((tc, session) => {
  const s = (): Session => session();
  const emulatorOnly = it.skipIf(tc.kind !== "emulator");

  describe("watchPrompts", () => {
    emulatorOnly("a production move made through the vendor's API is served after the next poll, not after the TTL", async () => {
      const client = s().client({ cache: { ttlMs: 3_600_000 } });
      const watcher = watchPrompts({ client, prompts: [s().ref()], intervalMs: 3_600_000 });
      try {
        await watcher.pollOnce({ force: true });
        const production = await client.get(s().ref());
        const versions = await client.listVersions(s().ref());
        const other = versions.find((v) => v.versionId !== production.versionId && !v.draft);
        expect(other, "the seed has a second version").toBeDefined();
        await s().writableAdapter().writes!.setEnvironment(s().promptId, other!.versionId, "production");
        expect((await client.get(s().ref())).versionId).toBe(production.versionId); // cached

        const changes = await watcher.pollOnce({ force: true });
        expect(changes.flatMap((c) => c.versionIds)).toEqual(expect.arrayContaining([production.versionId, other!.versionId]));
        expect(await client.get(s().ref())).toMatchObject({ versionId: other!.versionId, source: "network" });
      } finally {
        watcher.stop();
      }
    });
  });
});
