/**
 * Runs tasks one at a time per key, in the order they arrive, and tasks of different keys side by side: what a
 * read-modify-write of one provisioning job's schema needs inside one provider process (Graph replaces the whole
 * schema on PUT, so two resources of one job writing at once would lose one's change).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
