/**
 * Exit codes of every `gatehouse` command. Scripts and CI gates rely on them:
 * - 0: done, nothing to report (or a decision that lets the call through);
 * - 1: findings met the threshold, a deny, or the command failed;
 * - 2: usage error: an unknown command or option, a missing or bad argument or input file.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
