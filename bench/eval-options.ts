/** Command-line options of `npm run eval`. */

export interface EvalOptions {
  verbose: boolean;
  /** Report keys whose misses to print ("iban", "nric/fin", "nric", "sql"); empty = all. */
  types: string[];
  /** Misses printed per group. */
  limit: number;
  sections: { pii: boolean; sql: boolean };
}

const USAGE = `Usage: npm run eval -- [--verbose] [--type T[,T…]] [--limit N] [--only pii|sql]
  --verbose     print misses (false negatives, accepted look-alikes, false positives)
  --type T      print misses for these types only (implies --verbose): e.g. iban, nric, phone, sql
  --limit N     misses printed per group (default 40)
  --only S      run only the PII or only the SQL-injection evaluation`;

export function parseEvalOptions(argv: readonly string[]): EvalOptions {
  const options: EvalOptions = { verbose: false, types: [], limit: 40, sections: { pii: true, sql: true } };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--verbose':
      case '-v':
        options.verbose = true;
        break;
      case '--type':
        options.types.push(...value().split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
        options.verbose = true;
        break;
      case '--limit':
        options.limit = Math.max(1, Number.parseInt(value(), 10) || options.limit);
        break;
      case '--only': {
        const s = value();
        options.sections = { pii: s === 'pii', sql: s === 'sql' };
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`Unknown option ${arg}.\n${USAGE}`);
    }
  }
  // Asking for SQL misses only needs the SQL evaluation, and the reverse.
  if (!argv.some((a) => a.startsWith('--only')) && options.types.length > 0) {
    options.sections = { pii: options.types.some((t) => t !== 'sql'), sql: options.types.includes('sql') };
  }
  return options;
}

/** Does the report key (e.g. "nric/fin") match the --type selection? */
export function selectsKey(options: EvalOptions, key: string): boolean {
  if (options.types.length === 0) return true;
  const parts = key.split(/[/+]/);
  return options.types.some((t) => t === key || parts.includes(t));
}
