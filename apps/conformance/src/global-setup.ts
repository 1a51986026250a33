import { liveTargetsLine } from "./targets.js";

/** Says once per run whether the live targets run, so a skipped live row is never a surprise. */
export default function setup(): void {
  console.log(liveTargetsLine());
}
