/**
 * Misses (false negatives, accepted look-alikes, flagged benign text) collected during the
 * eval, printed with `--verbose` or `--type X` so a detector's author can tune on them.
 */

export interface Miss {
  /** Report key ("iban", "nric/fin", "sql"). */
  key: string;
  /** "FN", "FP", "look-alike accepted", "flagged benign"… */
  kind: string;
  source: string;
  detail: string;
}

export class MissLog {
  private readonly misses: Miss[] = [];

  add(miss: Miss): void {
    this.misses.push(miss);
  }

  /** Prints misses grouped by key, source and kind; `limit` per group. */
  print(filter: (key: string) => boolean, limit: number): void {
    const groups = new Map<string, Miss[]>();
    for (const m of this.misses) {
      if (!filter(m.key)) continue;
      const g = `${m.key} — ${m.source} — ${m.kind}`;
      const list = groups.get(g);
      if (list) list.push(m);
      else groups.set(g, [m]);
    }
    if (groups.size === 0) {
      console.log('\n(no misses to show for this selection)');
      return;
    }
    for (const [name, list] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`\n## ${name} (${list.length})`);
      for (const m of list.slice(0, limit)) console.log(`  ${m.detail}`);
      if (list.length > limit) console.log(`  … ${list.length - limit} more (raise --limit)`);
    }
  }
}
