import { PromptError } from "../errors/prompt-error.js";

/**
 * The error for a list that would need more requests than `maxListRequests` allows. Raised
 * before the requests are made whenever the count is known in advance.
 */
export function tooManyListRequests(vendor: string, operation: string, needed: string, limit: number): PromptError {
  return new PromptError({
    code: "invalid_response",
    vendor,
    operation,
    message: `${vendor} ${operation} would need ${needed} requests, more than maxListRequests (${limit}); polyprompt does not plan work from an unbounded vendor count.`,
  });
}

/**
 * Maps `items` through `task` with at most `concurrency` tasks in flight, keeping order.
 * The first failure rejects the whole map; tasks not yet started are not started.
 *
 * @example
 * const pages = await mapConcurrent([0, 1, 2, 3], 2, (major) => listMajor(major));
 */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
