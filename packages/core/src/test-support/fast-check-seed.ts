// Property tests run the same generated cases on every run and every machine, so a red CI run
// means a change broke something, never an unlucky draw. To explore new cases, run with
// POLYPROMPT_FUZZ=1: each property then draws its own seed and prints it when it fails.
import fc from "fast-check";

if (process.env.POLYPROMPT_FUZZ === undefined) fc.configureGlobal({ seed: 20_261_202 });
