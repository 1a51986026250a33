// The few file operations the prompt directory needs, bounded: files are read up to a size, the
// directory is walked to a depth and a count, and every write goes through a temporary file and
// a rename, so a run killed half-way never leaves a half-written file.
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { PromptError } from "@polyprompt/core";

/** Bounds on what is read from a prompt directory. */
export const FILE_LIMITS = { maxFileBytes: 5_000_000, maxFiles: 10_000, maxDepth: 16 } as const;

function tooBig(operation: string, message: string): PromptError {
  return new PromptError({ code: "invalid_config", operation, message });
}

/** Writes `text` to `path` (creating folders) through a temporary file and a rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, text, "utf8");
  await rename(temporary, path);
}

/** A file's text, or `undefined` when it does not exist; refuses one over `maxFileBytes`. */
export async function readTextFile(path: string, operation: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.size > FILE_LIMITS.maxFileBytes)
      throw tooBig(operation, `${path} is ${info.size} bytes, over the ${FILE_LIMITS.maxFileBytes} a prompt file may have.`);
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Every `.prompt` file under `dir`, as paths relative to it with `/` separators, sorted. */
export async function listPromptFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    if (depth > FILE_LIMITS.maxDepth) throw tooBig("listPromptFiles", `${folder} is nested deeper than ${FILE_LIMITS.maxDepth} folders.`);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith(".prompt")) {
        found.push(relative(dir, path).split(sep).join("/"));
        if (found.length > FILE_LIMITS.maxFiles)
          throw tooBig("listPromptFiles", `${dir} holds more than ${FILE_LIMITS.maxFiles} prompt files.`);
      }
    }
  };
  await walk(dir, 0);
  return found.sort();
}
