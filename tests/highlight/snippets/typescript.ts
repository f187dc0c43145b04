// TypeScript 5.4: NoInfer and preserved narrowing in closures
interface Release {
  readonly name: string;
  version: `${number}.${number}.${number}`;
  date?: Date;
}

type Channel = "stable" | "beta" | "nightly";

enum Kind {
  Feature = 1,
  Fix,
}

export function latest<T extends Release>(items: T[], channel: NoInfer<Channel> = "stable"): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (!best || item.version > best.version) {
      best = item;
    }
  }
  return best;
}

const notes: Record<Channel, number> = { stable: 3, beta: 1, nightly: 0 };
declare const VERSION: string;
export default class Feed implements Iterable<Release> {
  private items: Release[] = [];
  *[Symbol.iterator]() {
    yield* this.items;
  }
}
