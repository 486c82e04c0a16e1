import type { ReachTally } from '../ports';

/**
 * Counts distinct persons (small integer ids) and events. A growable bitset: one bit per person
 * id, so counting a year of a commune's residents costs a few kilobytes per counter and O(1) per
 * row, far cheaper than SQL's COUNT(DISTINCT) over a temporary b-tree. Person 0 is "nobody".
 */
export class DistinctCounter {
  private bits = new Uint32Array(1024);
  private people = 0;
  private events = 0;

  add(person: number, events: number): void {
    this.events += events;
    if (person <= 0) return;
    const word = person >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (person & 31);
    if ((this.bits[word]! & mask) === 0) {
      this.bits[word] = this.bits[word]! | mask;
      this.people++;
    }
  }

  tally(): ReachTally {
    return { people: this.people, events: this.events };
  }
}
