// get (every selector, string and object form) and listVersions, for each vendor on each target.
import { describe, expect, it } from "vitest";
import { formatRef, parseRef, type PromptVersion, type PromptVersionInfo } from "@polyprompt/core";
import { forEachTarget, type Session } from "./targets.js";
import { VENDOR_PROFILES } from "./vendors.js";
import { expectInfoKeysOnly, expectIsoDate, expectVersionInfo } from "./support.js";

/** At most this many versions are fetched one by one (keeps live runs short). */
const PER_VERSION_LIMIT = 8;

/** The body fields every fetched version has, typed. */
function expectVersionBody(v: PromptVersion): void {
  expect(v.template).toBe(v.vendor);
  expect(typeof v.params).toBe("object");
  expect(Array.isArray(v.messages)).toBe(true);
  for (const m of v.messages) {
    if (m.role === "placeholder") {
      expect(typeof m.name).toBe("string");
      expect(v.variables.some((variable) => variable.name === m.name && variable.type === "placeholder")).toBe(true);
      continue;
    }
    expect(["system", "developer", "user", "assistant", "tool"]).toContain(m.role);
    expect(typeof m.content === "string" || Array.isArray(m.content)).toBe(true);
  }
  expect(Array.isArray(v.tools)).toBe(true);
  expect(Array.isArray(v.variables)).toBe(true);
  for (const variable of v.variables) {
    expect(typeof variable.name).toBe("string");
    expect(typeof variable.type).toBe("string");
    expect(typeof variable.required).toBe("boolean");
  }
  expectIsoDate(v.fetchedAt, "fetchedAt");
}

function productionOf(versions: readonly PromptVersionInfo[]): PromptVersionInfo | undefined {
  return versions.find((v) => v.environments.includes("production"));
}

/** A non-production environment and the version it points at, if the prompt has one. */
function otherEnvironment(versions: readonly PromptVersionInfo[]): { environment: string; version: PromptVersionInfo } | undefined {
  for (const version of versions) {
    const environment = version.environments.find((e) => e !== "production");
    if (environment) return { environment, version };
  }
  return undefined;
}

forEachTarget((tc, session) => {
  const s = (): Session => session();

  describe("get", () => {
    it("production (no selector, @production and { vendor, promptId }) is the version listed in production", async (ctx) => {
      const { vendor, promptId } = s();
      const listed = productionOf(s().versions);
      if (!listed) return ctx.skip(`${s().ref()} has no production version`);
      const client = s().client();
      const v = await client.get(s().ref());
      expect(v.source).toBe("network");
      expectVersionInfo(v, vendor, promptId, "network");
      expectVersionBody(v);
      expect(v.versionId).toBe(listed.versionId);
      expect(v.environments).toContain("production");
      if (s().expected) expect(v.versionId).toBe(s().expected!.production);
      expect((await client.get(s().ref("@production"))).versionId).toBe(v.versionId);
      expect((await client.get({ vendor, promptId })).versionId).toBe(v.versionId);
    });

    it("an environment (@env and { environment }) is the version listed in it", async (ctx) => {
      const other = otherEnvironment(s().versions);
      if (!other) return ctx.skip(`${s().ref()} has no environment but production`);
      const client = s().client();
      const v = await client.get(s().ref(`@${other.environment}`));
      expectVersionInfo(v, s().vendor, s().promptId, "network");
      expectVersionBody(v);
      expect(v.versionId).toBe(other.version.versionId);
      expect(v.environments).toContain(other.environment);
      const byObject = await client.get({ vendor: s().vendor, promptId: s().promptId, environment: other.environment });
      expect(byObject.versionId).toBe(v.versionId);
      const expected = s().expected;
      if (expected) {
        for (const [environment, versionId] of Object.entries(expected.environments)) {
          expect((await client.get(s().ref(`@${environment}`))).versionId, `@${environment}`).toBe(versionId);
        }
      }
    });

    it('@latest (and { version: "latest" }) is the newest listed version', async () => {
      const client = s().client();
      const v = await client.get(s().ref("@latest"));
      expectVersionInfo(v, s().vendor, s().promptId, "network");
      expectVersionBody(v);
      expect(v.versionId).toBe(s().versions[0]!.versionId);
      if (s().expected) expect(v.versionId).toBe(s().expected!.latest);
      expect((await client.get({ vendor: s().vendor, promptId: s().promptId, version: "latest" })).versionId).toBe(v.versionId);
    });

    it("a version label (@<label> and { version }) is the version listed with that label", async () => {
      const client = s().client();
      for (const listed of s().versions.slice(0, PER_VERSION_LIMIT)) {
        const v = await client.get(s().ref(`@${listed.version}`));
        expect(v.versionId, `@${listed.version}`).toBe(listed.versionId);
        expect(v.version).toBe(listed.version);
        const byObject = await client.get({ vendor: s().vendor, promptId: s().promptId, version: listed.version });
        expect(byObject.versionId).toBe(listed.versionId);
      }
      const expected = s().expected;
      if (expected) {
        for (const [label, versionId] of Object.entries(expected.labels)) {
          expect((await client.get(s().ref(`@${label}`))).versionId, `@${label}`).toBe(versionId);
        }
      }
    });

    it.skipIf(!VENDOR_PROFILES[tc.vendor].majorSelectors)(
      "Helicone @<major>.x and @<major> are the newest minor of that major",
      async () => {
        const client = s().client();
        const majors = new Map<string, PromptVersionInfo>();
        for (const v of s().versions) {
          const [major = "", minor = ""] = v.version.split(".");
          const best = majors.get(major);
          if (!best || Number(minor) > Number(best.version.split(".")[1])) majors.set(major, v);
        }
        for (const [major, newest] of majors) {
          expect((await client.get(s().ref(`@${major}.x`))).versionId, `@${major}.x`).toBe(newest.versionId);
          expect((await client.get(s().ref(`@${major}`))).versionId, `@${major}`).toBe(newest.versionId);
        }
      },
    );

    it("a version id (#id and { versionId }) is that version, with the listed metadata", async () => {
      const client = s().client();
      for (const listed of s().versions.slice(0, PER_VERSION_LIMIT)) {
        const v = await client.get(s().ref(`#${listed.versionId}`));
        expectVersionInfo(v, s().vendor, s().promptId, "network");
        expectVersionBody(v);
        expect(v.versionId).toBe(listed.versionId);
        expect(v.version, `#${listed.versionId}: version`).toBe(listed.version);
        expect(v.draft, `#${listed.versionId}: draft`).toBe(listed.draft);
        expect(v.createdAt, `#${listed.versionId}: createdAt`).toBe(listed.createdAt);
        const byObject = await client.get({ vendor: s().vendor, promptId: s().promptId, versionId: listed.versionId });
        expect(byObject.versionId).toBe(listed.versionId);
      }
    });

    it("refs round-trip through parseRef/formatRef and name the same version", async () => {
      const client = s().client();
      const refs = [s().ref(), s().ref("@latest"), s().ref(`@${s().versions[0]!.version}`), s().ref(`#${s().versions[0]!.versionId}`)];
      const other = otherEnvironment(s().versions);
      if (other) refs.push(s().ref(`@${other.environment}`));
      for (const ref of refs) {
        expect(formatRef(parseRef(ref))).toBe(ref);
        expect((await client.get(formatRef(parseRef(ref)))).versionId).toBe((await client.get(ref)).versionId);
      }
    });
  });

  describe("listVersions", () => {
    it("lists every version newest first, each field typed and present", async () => {
      const list = await s().client().listVersions(s().ref());
      expect(list.length).toBeGreaterThan(0);
      for (const info of list) {
        expectVersionInfo(info, s().vendor, s().promptId, "network");
        expectInfoKeysOnly(info);
      }
      for (let i = 1; i < list.length; i++) {
        expect(
          list[i - 1]!.createdAt >= list[i]!.createdAt,
          `newest first at ${i}: ${list[i - 1]!.createdAt} then ${list[i]!.createdAt}`,
        ).toBe(true);
      }
      expect(new Set(list.map((v) => v.versionId)).size, "version ids are unique").toBe(list.length);
      expect(new Set(list.map((v) => v.version)).size, "version labels are unique").toBe(list.length);
      const expected = s().expected;
      if (expected) {
        expect(list.length).toBe(expected.count);
        expect(list[0]!.versionId).toBe(expected.latest);
        expect(new Set(list.map((v) => v.versionId))).toEqual(new Set(Object.values(expected.labels)));
      }
    });

    it("each environment is on one version, and gets agree with the listing", async () => {
      const client = s().client();
      const list = await client.listVersions(s().ref());
      const owner = new Map<string, string>();
      for (const info of list) {
        for (const env of info.environments) {
          expect(owner.has(env), `environment "${env}" is listed on two versions`).toBe(false);
          owner.set(env, info.versionId);
        }
      }
      for (const [env, versionId] of owner) {
        const v = await client.get(env === "production" ? s().ref() : s().ref(`@${env}`));
        expect(v.versionId, `@${env}`).toBe(versionId);
        expect(v.environments, `environments of @${env}`).toContain(env);
      }
      for (const info of list.slice(0, PER_VERSION_LIMIT)) {
        const v = await client.get(s().ref(`#${info.versionId}`));
        expect([...v.environments].sort(), `environments of #${info.versionId} (version ${info.version})`).toEqual(
          [...info.environments].sort(),
        );
      }
      if (s().expected) {
        expect(owner.get("production")).toBe(s().expected!.production);
        for (const [env, versionId] of Object.entries(s().expected!.environments)) expect(owner.get(env), env).toBe(versionId);
      }
    });

    it("is not cached: each call asks the vendor", async () => {
      const client = s().client();
      const before = s().upstream();
      await client.listVersions(s().ref());
      const one = s().upstream() - before;
      await client.listVersions(s().ref());
      expect(s().upstream() - before).toBe(2 * one);
      expect(client.stats().hits).toBe(0);
    });
  });
});
