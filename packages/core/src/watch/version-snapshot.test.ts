import { describe, expect, it } from "vitest";
import { changeBetween, fingerprintOf, snapshotOf } from "./version-snapshot.js";

const v = (versionId: string, environments: string[], updatedAt?: string, draft = false) => ({ versionId, environments, updatedAt, draft });
const base = { vendor: "acme", promptId: "support" };

describe("changeBetween", () => {
  it("nothing changed: no change", () => {
    const s = snapshotOf([v("1", ["production"]), v("2", ["staging", "dev"])]);
    expect(changeBetween("acme", "support", s, snapshotOf([v("2", ["dev", "staging"]), v("1", ["production"])]))).toBeUndefined();
  });

  it("an environment moved: both versions, the environment, the bare reference and latest", () => {
    const before = snapshotOf([v("1", ["production"]), v("2", ["staging"])]);
    const after = snapshotOf([v("1", []), v("2", ["staging", "production"])]);
    expect(changeBetween("acme", "support", before, after)).toEqual({
      versionIds: ["1", "2"],
      refs: [base, { ...base, version: "latest" }, { ...base, environment: "production" }, { ...base, environment: "staging" }],
    });
  });

  it("an environment removed with no gain elsewhere is found through the version that lost it", () => {
    const change = changeBetween("acme", "support", snapshotOf([v("1", ["staging"])]), snapshotOf([v("1", [])]));
    expect(change?.versionIds).toEqual(["1"]);
    expect(change?.refs).toContainEqual({ ...base, environment: "staging" });
  });

  it("a new version, a deleted one, an edited one (update time) and a published draft all count", () => {
    const before = snapshotOf([v("1", [], "t1"), v("2", [], "t1", true), v("3", [])]);
    const after = snapshotOf([v("1", [], "t2"), v("2", [], "t1", false), v("4", [])]);
    expect(changeBetween("acme", "support", before, after)?.versionIds.sort()).toEqual(["1", "2", "3", "4"]);
  });

  it("with nothing known, every version with an environment counts, and the bare reference and latest always", () => {
    const change = changeBetween("acme", "support", undefined, snapshotOf([v("1", []), v("2", ["production"])]));
    expect(change).toEqual({ versionIds: ["2"], refs: [base, { ...base, version: "latest" }, { ...base, environment: "production" }] });
    expect(changeBetween("acme", "support", undefined, snapshotOf([]))?.refs).toEqual([base, { ...base, version: "latest" }]);
  });
});

describe("fingerprintOf", () => {
  it("does not depend on the order versions are listed in", () => {
    expect(fingerprintOf(snapshotOf([v("1", ["a"]), v("2", [])]))).toBe(fingerprintOf(snapshotOf([v("2", []), v("1", ["a"])])));
    expect(fingerprintOf(snapshotOf([v("1", ["a"])]))).not.toBe(fingerprintOf(snapshotOf([v("1", ["b"])])));
  });
});
