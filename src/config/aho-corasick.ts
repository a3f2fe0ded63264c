// Aho–Corasick over UTF-16 code units: finds every pattern of a set in one left-to-right pass, in time
// linear in the text whatever the number of patterns. The masker feeds it one code unit at a time
// (`step`), so the text it searches can be decoded on the fly and never built.

/** A pattern set compiled for searching (states, failure links, the longest match per state). */
export class Automaton {
  /** The root's transitions, dense: most characters of a text are read at the root (callers may read it directly). */
  readonly root = new Int32Array(0x10000);
  readonly #next: Map<number, number>[] = [new Map()];
  readonly #fail: number[] = [0];
  /** Per state: the length of the longest pattern ending there (0: none) and its index. */
  #outLength: Int32Array = new Int32Array(1);
  #outPattern: Int32Array = new Int32Array(1);
  /** The longest pattern's length. */
  readonly maxLength: number;

  constructor(patterns: readonly string[]) {
    const own: [number, number][] = [];
    let longest = 0;
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let to = this.#next[state]!.get(code);
        if (to === undefined) {
          to = this.#next.length;
          this.#next.push(new Map());
          this.#fail.push(0);
          this.#next[state]!.set(code, to);
        }
        state = to;
      }
      own.push([state, index]);
      longest = Math.max(longest, pattern.length);
    });
    this.maxLength = longest;
    const size = this.#next.length;
    this.#outLength = new Int32Array(size);
    this.#outPattern = new Int32Array(size).fill(-1);
    for (const [state, index] of own) {
      if (this.#outPattern[state] === -1) {
        this.#outPattern[state] = index;
        this.#outLength[state] = patterns[index]!.length;
      }
    }
    // Breadth first: a state's failure link is decided before its children's.
    const queue: number[] = [];
    for (const [code, to] of this.#next[0]!) {
      this.root[code] = to;
      queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      if (this.#outPattern[state] === -1) {
        this.#outPattern[state] = this.#outPattern[this.#fail[state]!]!;
        this.#outLength[state] = this.#outLength[this.#fail[state]!]!;
      }
      for (const [code, to] of this.#next[state]!) {
        this.#fail[to] = this.step(this.#fail[state]!, code);
        queue.push(to);
      }
    }
  }

  /** The state after reading `code` in `state` (0 is the start). */
  step(state: number, code: number): number {
    let s = state;
    while (s !== 0) {
      const to = this.#next[s]!.get(code);
      if (to !== undefined) return to;
      s = this.#fail[s]!;
    }
    return this.root[code]!;
  }

  /** Length of the longest pattern that ends where `state` was reached (0: none). */
  matchLength(state: number): number {
    return this.#outLength[state]!;
  }

  /** Index (in the constructor's list) of that pattern. */
  matchPattern(state: number): number {
    return this.#outPattern[state]!;
  }
}
