/**
 * `partial`: like `mask`, but shows a little more of each value, so that a person can tell
 * which card or which address it was. What each type shows (counted in content characters,
 * layout kept in place):
 *
 * | type | shown | example |
 * |---|---|---|
 * | `credit_card` | first 6 (the issuer's BIN) and last 4 | `4111 11** **** 1111` |
 * | `iban` | country code and last 4 | `DE** **** **** **** **30 00` |
 * | `aadhaar`, `ssn`, `npwp`, `pan`, `nric`, `fin`, `uen` | last 4 | `***-**-8726` |
 * | `nik` | first 2 (province) and last 4 | `31**********0001` |
 * | `phone` | first 2 and last 2 | `+91 ***** ***10` |
 * | `email` | first character of the local part, and the domain | `a*******@example.com` |
 * | `dob` | the four-digit year | `1985-**-**` |
 * | `passport` | first 1 and last 2 | `K*****67` |
 * | `booking_ref` | first and last | `X****P` |
 * | prefixed secrets | the public prefix and last 4 (`AKIA`, `ghp_`, `github_pat_`, `xoxb-`, `sk_live_`, `AIza`, `eyJ`, the Slack webhook URL) | `ghp_********…****a1B2` |
 * | `private_key` | the `-----BEGIN …-----` and `-----END …-----` lines | |
 * | `aws_secret_access_key`, `generic_secret` | last 4, only when the value has 20 or more characters | |
 * | `text_rule` | first and last | `p*****t` |
 *
 * Two limits hold for every type: the whole value is never shown, and a value of 6 content
 * characters or fewer shows at most 2 (1 for 3 to 5, none for 1 or 2). Head-and-tail plans
 * also show at most 5/8 of a longer value, trimming the head first (the tail first for a
 * secret's prefix). A plan that would break a limit falls back to first and last, trimmed.
 */
import { contentLength, maskWhere, type RevealPredicate } from '../aligned-mask.js';
import type { RedactionType } from '../redaction-type.js';

interface HeadTail {
  head: number;
  tail: number;
  /** Which end keeps its characters when the plan is over budget. */
  keep: 'head' | 'tail';
}

const HEAD_TAIL: Partial<Record<RedactionType, HeadTail>> = {
  credit_card: { head: 6, tail: 4, keep: 'tail' },
  iban: { head: 2, tail: 4, keep: 'tail' },
  aadhaar: { head: 0, tail: 4, keep: 'tail' },
  ssn: { head: 0, tail: 4, keep: 'tail' },
  npwp: { head: 0, tail: 4, keep: 'tail' },
  pan: { head: 0, tail: 4, keep: 'tail' },
  nric: { head: 0, tail: 4, keep: 'tail' },
  fin: { head: 0, tail: 4, keep: 'tail' },
  uen: { head: 0, tail: 4, keep: 'tail' },
  nik: { head: 2, tail: 4, keep: 'tail' },
  phone: { head: 2, tail: 2, keep: 'tail' },
  passport: { head: 1, tail: 2, keep: 'tail' },
  booking_ref: { head: 1, tail: 1, keep: 'tail' },
};
const FIRST_AND_LAST: HeadTail = { head: 1, tail: 1, keep: 'tail' };

// The public, non-secret prefixes that say what kind of credential a value is.
const SECRET_PREFIX: Partial<Record<RedactionType, RegExp>> = {
  aws_access_key_id: /^[A-Z0-9]{4}/,
  github_token: /^(?:github_pat_|gh[a-z]_)/,
  slack_token: /^(?:https:\/\/hooks\.slack\.com\/services\/|xox[a-z]-|xapp-)/,
  stripe_secret_key: /^[a-z]{2}_(?:live|test)_/,
  google_api_key: /^AIza/,
  jwt: /^eyJ/,
};
const LONG_SECRET = 20;

/**
 * The `partial` rewriting of `value`, the same length as `value`.
 *
 * @example
 * ```ts
 * partialValue('4111 1111 1111 1111', 'credit_card'); // '4111 11** **** 1111'
 * partialValue('ana.lima@example.com', 'email');     // 'a*******@example.com'
 * partialValue('X7QK2P', 'booking_ref');             // 'X****P'
 * ```
 */
export function partialValue(value: string, type: RedactionType): string {
  const n = contentLength(value, type);
  const planned = maskWhere(value, type, planFor(value, type, n));
  if (withinLimits(planned.revealed, n)) return planned.text;
  return maskWhere(value, type, headTail(n, FIRST_AND_LAST)).text;
}

/** The most content characters `partial` may show of a value with `n` of them. */
export function partialBudget(n: number): number {
  return n <= 6 ? Math.min(2, Math.floor(n / 3)) : Math.floor((5 * n) / 8);
}

function withinLimits(revealed: number, n: number): boolean {
  return revealed < n && (n > 6 || revealed <= partialBudget(n));
}

function planFor(value: string, type: RedactionType, n: number): RevealPredicate {
  switch (type) {
    case 'email': return emailPlan(value);
    case 'dob': return dobPlan(value);
    case 'private_key': return pemPlan(value);
    case 'aws_secret_access_key':
    case 'generic_secret':
      return headTail(n, { head: 0, tail: n >= LONG_SECRET ? 4 : 0, keep: 'tail' });
    default: {
      const prefix = SECRET_PREFIX[type]?.exec(value);
      if (prefix) return headTail(n, { head: prefix[0].length, tail: 4, keep: 'head' });
      return headTail(n, HEAD_TAIL[type] ?? FIRST_AND_LAST);
    }
  }
}

/** Shows `head` leading and `tail` trailing content characters, trimmed to the budget. */
function headTail(n: number, plan: HeadTail): RevealPredicate {
  let { head, tail } = plan;
  let over = head + tail - partialBudget(n);
  if (over > 0) {
    const first = plan.keep === 'tail' ? 'head' : 'tail';
    const cut = Math.min(over, first === 'head' ? head : tail);
    if (first === 'head') head -= cut; else tail -= cut;
    over -= cut;
    if (over > 0) {
      if (first === 'head') tail -= over; else head -= over;
    }
  }
  return (index) => index < head || index >= n - tail;
}

function emailPlan(value: string): RevealPredicate {
  const at = value.lastIndexOf('@');
  if (at <= 0) return headTail(contentLength(value, 'email'), FIRST_AND_LAST);
  return (index, _count, offset) => index === 0 || offset >= at;
}

function dobPlan(value: string): RevealPredicate {
  const year = /(?<![0-9])(?:1[89]|20)[0-9]{2}(?![0-9])/.exec(value);
  if (!year) return () => false;
  const from = year.index;
  const to = from + year[0].length;
  return (_index, _count, offset) => offset >= from && offset < to;
}

function pemPlan(value: string): RevealPredicate {
  const shown: Array<[number, number]> = [];
  for (const m of value.matchAll(/-----(?:BEGIN|END)[^\r\n]*?-----/g)) shown.push([m.index, m.index + m[0].length]);
  return (_index, _count, offset) => shown.some(([from, to]) => offset >= from && offset < to);
}
