// publishVersion through each vendor's write capability, the adapter of its write entry point
// (emulator only: the live targets are read-only): the production version's own content, republished, reads back the same through
// the client; a second run writes nothing; contentHash is what the vendor recorded.
import { contentHash, publishVersion, type PromptContent } from "@polyprompt/core";
import { describe, expect, it } from "vitest";
import { forEachTarget, type Session } from "./targets.js";

forEachTarget((tc, session) => {
  const s = (): Session => session();
  const emulatorOnly = it.skipIf(tc.kind !== "emulator");

  describe("publishVersion", () => {
    emulatorOnly("republishes the production content as a new version, then a second run writes nothing", async () => {
      const client = s().client();
      const vendor = s().writableAdapter();
      const live = await client.get(s().ref());
      const content: PromptContent = {
        messages: live.messages,
        tools: live.tools,
        params: live.params,
        variables: live.variables,
        ...(live.toolChoice !== undefined ? { toolChoice: live.toolChoice } : {}),
        ...(live.model !== undefined ? { model: live.model } : {}),
        ...(live.responseFormat !== undefined ? { responseFormat: live.responseFormat } : {}),
        commitMessage: "republished by conformance",
      };
      const problems = vendor.writes!.check("createVersion", content);
      // A vendor may refuse what it cannot hold; the seed's production versions are all writable.
      expect(problems).toEqual([]);
      const first = await publishVersion(vendor, { promptId: s().promptId, content });
      expect(first.created).toBe(true);
      const written = await client.get(s().ref(`#${first.versionId}`));
      expect(written.messages).toEqual(live.messages);
      expect(written.model).toBe(live.model);

      const recorded = await vendor.writes!.recordedVersions(s().promptId);
      const hash = await contentHash(content);
      expect(recorded!.versions.filter((v) => v.contentHash === hash).map((v) => v.versionId)).toEqual([first.versionId]);
      const again = await publishVersion(vendor, { promptId: s().promptId, content });
      expect(again).toMatchObject({ versionId: first.versionId, created: false });
    });

    it("the adapter of the vendor's reading entry point has no writer: publishVersion refuses it before any request", async () => {
      const vendor = s().adapter();
      expect(vendor.writes).toBeUndefined();
      const before = s().upstream();
      const err = await publishVersion(vendor, { promptId: s().promptId, content: { messages: [{ role: "user", content: "hi" }] } }).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: "unsupported", vendor: tc.vendor, operation: "createVersion" });
      expect((err as Error).message).toContain("/write");
      expect(s().upstream()).toBe(before);
    });
  });
});
