/**
 * Whether `--help` or `-h` appears among the options (before any `--`). Used to give help for
 * commands whose own parsers do not accept it in every position.
 */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
