/**
 * Secrets in each vendor's format: AWS key ids and secret keys, Google API keys, GitHub
 * tokens (with their CRC-32 checksum), Slack tokens and webhook URLs, Stripe secret keys,
 * JWTs, PEM private keys, and random passwords and API keys for `generic_secret`.
 *
 * Values are drawn uniformly, never biased towards short or repetitive strings, and anything
 * the detectors deliberately ignore as an example or placeholder (`AKIAIOSFODNN7EXAMPLE`,
 * `xxxxxx`, ascending runs such as `12345678`, the words "example", "dummy"…) is left out.
 */
import fc from 'fast-check';
import { isExampleSecret } from '../../detectors/secrets/example-keys.js';
import { countCharacterClasses, shannonEntropy } from '../../detectors/validators/entropy.js';
import { githubChecksum } from './check-digits.js';
import { ALNUM, DIGITS, LOWER, UPPER, charsFrom, digits } from './random.js';

const notExample = (s: string): boolean => !isExampleSecret(s);
const BASE64 = ALNUM + '+/';
const BASE64URL = ALNUM + '-_';
const BASE32 = UPPER + '234567';

/** `AKIA`/`ASIA` + 16 base-32 characters. */
export function awsAccessKeyId(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('AKIA', 'ASIA'), charsFrom(BASE32, 16)).map(([p, r]) => p + r).filter(notExample);
}

/** 40 base-64 characters with the entropy of random bytes (at least 4.05 bits per character). */
export function awsSecretAccessKey(): fc.Arbitrary<string> {
  return charsFrom(BASE64, 40).filter((s) => notExample(s) && shannonEntropy(s) >= 4.05);
}

/** `AIza` + 35 characters of `[0-9A-Za-z_-]`. */
export function googleApiKey(): fc.Arbitrary<string> {
  return charsFrom(BASE64URL, 35).filter(notExample).map((r) => 'AIza' + r);
}

/** Classic GitHub tokens (`ghp_` … with the CRC-32 checksum) and fine-grained `github_pat_` tokens. */
export function githubToken(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.constantFrom('ghp', 'gho', 'ghu', 'ghs', 'ghr'), classicGithubRandom()).map(([p, r]) => `${p}_${r}${githubChecksum(r)}`),
    fc.tuple(charsFrom(ALNUM, 22), charsFrom(ALNUM, 59)).filter(([a, b]) => notExample(b) && notExample(a)).map(([a, b]) => `github_pat_${a}_${b}`),
  );
}

const classicGithubRandom = (): fc.Arbitrary<string> => charsFrom(ALNUM, 30).filter(notExample);

/** A classic GitHub token with one character of its random part changed: the checksum no longer matches. */
export function nearMissGithubToken(): fc.Arbitrary<string> {
  return fc.tuple(classicGithubRandom(), fc.nat({ max: 29 }), fc.nat({ max: 60 })).map(([r, at, shift]) => {
    const changed = r.slice(0, at) + ALNUM[(ALNUM.indexOf(r[at]!) + 1 + shift) % ALNUM.length] + r.slice(at + 1);
    return `ghp_${changed}${githubChecksum(r)}`;
  }).filter((t) => notExample(t.slice(4)));
}

/** Slack bot, user and app tokens, and incoming-webhook URLs. */
export function slackToken(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.constantFrom('xoxb', 'xoxp', 'xoxa', 'xoxs'), digits(12), digits(13), charsFrom(ALNUM, 24)).filter(([, , , t]) => notExample(t)).map((p) => p.join('-')),
    fc.tuple(charsFrom(UPPER + DIGITS, 10), digits(13), charsFrom('0123456789abcdef', 64))
      .filter(([, , h]) => notExample(h))
      .map(([a, b, h]) => `xapp-1-A${a}-${b}-${h}`),
    fc.tuple(charsFrom(UPPER + DIGITS, 8), charsFrom(UPPER + DIGITS, 8), charsFrom(ALNUM, 24))
      .filter(([, , t]) => notExample(t))
      .map(([t, b, s]) => `https://hooks.slack.com/services/T${t}/B${b}/${s}`),
  );
}

/** Stripe secret and restricted keys (`sk_live_`, `sk_test_`, `rk_live_`, `rk_test_`). */
export function stripeSecretKey(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'), charsFrom(ALNUM, 24, 99)).filter(([, r]) => notExample(r)).map(([p, r]) => p + r);
}

const base64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** A signed JWT: a JSON header with `alg`, a JSON payload, and a random signature. */
export function jwt(): fc.Arbitrary<string> {
  return fc
    .record({
      alg: fc.constantFrom('HS256', 'RS256', 'ES256', 'PS384'),
      sub: fc.oneof(fc.uuid(), charsFrom(LOWER + DIGITS, 6, 16)),
      iat: fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
      role: fc.constantFrom('user', 'admin', 'service'),
      signature: charsFrom(BASE64URL, 43, 86),
    })
    .map(({ alg, sub, iat, role, signature }) => {
      const header = base64url(JSON.stringify({ alg, typ: 'JWT' }));
      const payload = base64url(JSON.stringify({ sub, role, iat, exp: iat + 3600 }));
      return `${header}.${payload}.${signature}`;
    });
}

/** A PEM private-key block (RSA, EC, PKCS#8 or OpenSSH armour) with a random base-64 body in 64-column lines. */
export function privateKey(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY'), fc.integer({ min: 96, max: 1200 }))
    .chain(([label, bytes]) =>
      fc.noBias(fc.uint8Array({ minLength: bytes, maxLength: bytes })).map((body) => {
        const lines = Buffer.from(body).toString('base64').match(/.{1,64}/g)!;
        return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
      }),
    );
}

/**
 * A value that looks like a real password or API key: 12 to 40 characters mixing letters,
 * digits and (for passwords) symbols, with the entropy of a generated secret. Never a word, an
 * identifier or a placeholder, which `generic_secret` rightly ignores.
 */
export function genericSecret(): fc.Arbitrary<string> {
  return charsFrom(ALNUM + '!#%^*_+=@', 12, 40).filter(
    (s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s) && /^[A-Za-z0-9]/.test(s) && countCharacterClasses(s) >= 2 && shannonEntropy(s) >= 3 && notExample(s),
  );
}
