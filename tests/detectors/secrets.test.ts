import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import zlib from 'node:zlib';
import { detect, type DetectorType, type Finding } from '../../src/index.js';
import { crc32Ascii, githubTokenChecksum, isValidGithubTokenChecksum } from '../../src/detectors/validators/github-token.js';
import { isExampleSecret } from '../../src/detectors/secrets/example-keys.js';
import { createRng } from '../../bench/prng.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = BASE62 + '+/';
const BASE64URL = BASE62 + '-_';
const HEX = '0123456789abcdef';

/** Uniform random strings from a seed (fast-check's own string generators favour repeats, which are placeholders). */
function randomText(seed: number) {
  const rng = createRng(seed);
  return {
    chars: rng.chars,
    /** `n` digits, the first not 0. */
    digits: (n: number): string => String(rng.int(1, 9)) + rng.chars('0123456789', n - 1),
  };
}

const b64url = (s: string): string => Buffer.from(s).toString('base64url');

function githubToken(prefix: string, random: string): string {
  return prefix + random + githubTokenChecksum(random);
}

function jwt(seed: number): string {
  const r = randomText(seed);
  return `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(`{"sub":"${r.digits(8)}","iat":1700000000}`)}.${r.chars(BASE64URL, 43)}`;
}

/** Findings of one type, at the default confidence threshold unless given. */
function findType(text: string, type: DetectorType, minConfidence?: number): Finding[] {
  return detect(text, minConfidence === undefined ? { types: [type] } : { types: [type], minConfidence });
}

/** Asserts that `value`, placed in `text`, is found exactly once with its exact span. */
function expectFoundExactly(text: string, value: string, type: DetectorType): Finding {
  const found = findType(text, type);
  const start = text.indexOf(value);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ type, start, end: start + value.length, value });
  return found[0]!;
}

const SECRET_TYPES: DetectorType[] = [
  'aws_access_key_id', 'aws_secret_access_key', 'google_api_key', 'github_token', 'slack_token',
  'stripe_secret_key', 'jwt', 'private_key', 'generic_secret',
];
const secretsIn = (text: string): Finding[] => detect(text, { types: SECRET_TYPES });

describe('GitHub token checksum', () => {
  it('computes the standard CRC-32 check value', () => {
    // CRC-32/ISO-HDLC (zlib, PNG, Ethernet) check value for "123456789": 0xCBF43926.
    expect(crc32Ascii('123456789')).toBe(0xcbf43926);
    expect(crc32Ascii('')).toBe(0);
  });

  it('agrees with zlib on random ASCII strings', () => {
    const zlibCrc = (zlib as unknown as { crc32?: (s: string) => number }).crc32;
    if (typeof zlibCrc !== 'function') return; // zlib.crc32 needs Node 20.15+
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 64 }), (s) => {
      expect(crc32Ascii(s)).toBe(zlibCrc(s));
    }));
  });

  it('matches checksums computed independently', () => {
    // Computed with Python: zlib.crc32(random) written in base62 (0-9A-Za-z), left-padded to 6.
    expect(githubTokenChecksum('Gatehouse0Secret0Scanner0Test0')).toBe('4N4L9U');
    expect(githubTokenChecksum('a'.repeat(30))).toBe('1yLcDB');
    expect(isValidGithubTokenChecksum('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')).toBe(true);
  });

  it('writes the checksum as six base62 characters', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      expect(githubTokenChecksum(randomText(seed).chars(BASE62, 30))).toMatch(/^[0-9A-Za-z]{6}$/);
    }));
  });

  it('accepts a generated token and rejects it with any one character changed', () => {
    fc.assert(fc.property(fc.integer(), fc.nat(35), fc.nat(60), (seed, at, shift) => {
      const token = githubToken('ghp_', randomText(seed).chars(BASE62, 30));
      expect(isValidGithubTokenChecksum(token)).toBe(true);
      const i = 4 + at;
      const changed = BASE62[(BASE62.indexOf(token[i]!) + 1 + shift) % 62]!;
      expect(isValidGithubTokenChecksum(token.slice(0, i) + changed + token.slice(i + 1))).toBe(false);
    }));
  });
});

describe('aws_access_key_id', () => {
  it('finds an access key id with its exact span', () => {
    const id = 'AKIA' + randomText(1).chars(BASE32, 16);
    const f = expectFoundExactly(`export AWS_ACCESS_KEY_ID=${id}\nexport REGION=eu-west-1`, id, 'aws_access_key_id');
    expect(f.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('finds temporary (ASIA) and other documented prefixes', () => {
    for (const prefix of ['ASIA', 'ABIA', 'ACCA', 'A3TX']) {
      const id = prefix + randomText(2).chars(BASE32, 16);
      expectFoundExactly(`key ${id} here`, id, 'aws_access_key_id');
    }
  });

  it('ignores ids of the wrong length, outside base32, or inside a longer token', () => {
    const body = randomText(3).chars(BASE32, 16);
    expect(findType(`key AKIA${body.slice(1)} here`, 'aws_access_key_id')).toEqual([]);
    expect(findType(`key AKIA${body}Q here`, 'aws_access_key_id')).toEqual([]);
    expect(findType(`key AKIA${body.slice(1)}8 here`, 'aws_access_key_id')).toEqual([]); // 8 is not base32
    expect(findType(`key XAKIA${body} here`, 'aws_access_key_id')).toEqual([]);
    expect(findType(`key AKIB${body} here`, 'aws_access_key_id')).toEqual([]);
  });
});

describe('aws_secret_access_key', () => {
  const secret = randomText(4).chars(BASE64, 40);

  it('finds a secret key after its label, reporting only the value', () => {
    expectFoundExactly(`aws_secret_access_key = ${secret}\n`, secret, 'aws_secret_access_key');
    expectFoundExactly(`{"AccessKeyId": "x", "SecretAccessKey": "${secret}"}`, secret, 'aws_secret_access_key');
    expectFoundExactly(`AWS secret: ${secret}`, secret, 'aws_secret_access_key');
    expectFoundExactly(`AWS_SECRET_ACCESS_KEY='${secret}'`, secret, 'aws_secret_access_key');
  });

  it('does not report 40 base64 characters without an AWS label', () => {
    expect(findType(`checksum: ${secret}`, 'aws_secret_access_key')).toEqual([]);
    expect(findType(`client secret: ${secret}`, 'aws_secret_access_key')).toEqual([]);
  });

  it('does not report a low-entropy value such as a SHA-1 in hex', () => {
    const sha1 = randomText(5).chars(HEX, 40);
    expect(findType(`aws_secret_access_key = ${sha1}`, 'aws_secret_access_key')).toEqual([]);
  });

  it('does not report a value of the wrong length', () => {
    expect(findType(`aws_secret_access_key = ${secret}A`, 'aws_secret_access_key')).toEqual([]);
    expect(findType(`aws_secret_access_key = ${secret.slice(1)}`, 'aws_secret_access_key')).toEqual([]);
  });
});

describe('google_api_key', () => {
  it('finds a key inside a URL with its exact span', () => {
    const key = 'AIza' + randomText(6).chars(BASE64URL, 35);
    expectFoundExactly(`GET https://maps.googleapis.com/maps/api/geocode/json?key=${key}&address=x`, key, 'google_api_key');
  });

  it('ignores a key one character short', () => {
    const key = 'AIza' + randomText(7).chars(BASE62, 34);
    expect(findType(`key=${key} `, 'google_api_key')).toEqual([]);
  });
});

describe('github_token', () => {
  it('finds each classic prefix with a valid checksum at high confidence', () => {
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
      const token = githubToken(prefix, randomText(8).chars(BASE62, 30));
      const f = expectFoundExactly(`git clone https://${token}@github.com/acme/app.git`, token, 'github_token');
      expect(f.confidence).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('does not report by default a classic token whose checksum is wrong', () => {
    const good = githubToken('ghp_', randomText(9).chars(BASE62, 30));
    const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect(findType(`token ${bad} here`, 'github_token')).toEqual([]);
    // Still visible on request, in case GitHub's checksum ever differs from the one documented.
    expect(findType(`token ${bad} here`, 'github_token', 0.3)).toHaveLength(1);
  });

  it('finds a fine-grained personal access token', () => {
    const r = randomText(10);
    const token = `github_pat_${r.chars(BASE62, 22)}_${r.chars(BASE62, 59)}`;
    expectFoundExactly(`GH_TOKEN=${token}`, token, 'github_token');
  });

  it('ignores wrong prefixes and lengths', () => {
    const r = randomText(11).chars(BASE62, 30);
    const token = githubToken('ghp_', r);
    expect(findType(`t ${token.replace('ghp_', 'ghx_')} `, 'github_token', 0)).toEqual([]);
    expect(findType(`t ${token.slice(0, -1)} `, 'github_token', 0)).toEqual([]);
    expect(findType(`t ${token}a `, 'github_token', 0)).toEqual([]);
  });
});

describe('slack_token', () => {
  it('finds bot and user tokens', () => {
    const r = randomText(12);
    const bot = `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(BASE62, 24)}`;
    const user = `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`;
    expectFoundExactly(`SLACK_BOT_TOKEN="${bot}"`, bot, 'slack_token');
    expectFoundExactly(`use ${user}.`, user, 'slack_token');
  });

  it('finds an app-level token', () => {
    const r = randomText(19);
    const app = `xapp-1-A${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}-${r.digits(13)}-${r.chars(HEX, 64)}`;
    expectFoundExactly(`SLACK_APP_TOKEN=${app}`, app, 'slack_token');
  });

  it('finds an incoming-webhook URL, scheme included, as a slack_token', () => {
    const r = randomText(13);
    const url = `https://hooks.slack.com/services/T${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}/B${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/${r.chars(BASE62, 24)}`;
    expectFoundExactly(`curl -X POST ${url} -d '{"text":"hi"}'`, url, 'slack_token');
  });

  it('ignores the prefix without digit groups', () => {
    expect(findType('set SLACK_TOKEN=xoxb-your-token-here', 'slack_token', 0)).toEqual([]);
    expect(findType('xoxq-123456789012-abcdefghijkl', 'slack_token', 0)).toEqual([]);
  });
});

describe('stripe_secret_key', () => {
  it('finds live and test secret keys and restricted keys', () => {
    const r = randomText(14);
    for (const prefix of ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_']) {
      const key = prefix + r.chars(BASE62, 24 + (prefix.length % 3) * 30);
      const f = expectFoundExactly(`stripe.api_key = '${key}'`, key, 'stripe_secret_key');
      expect(f.confidence).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('does not report publishable keys, which are public by design', () => {
    const key = 'pk_live_' + randomText(15).chars(BASE62, 24);
    expect(secretsIn(`Stripe.setPublishableKey("${key}")`).filter((f) => f.type === 'stripe_secret_key')).toEqual([]);
  });

  it('ignores a key body shorter than 24 characters', () => {
    expect(findType(`sk_live_${randomText(16).chars(BASE62, 23)} `, 'stripe_secret_key', 0)).toEqual([]);
  });
});

describe('jwt', () => {
  it('finds a token with its exact span, without a trailing full stop', () => {
    const token = jwt(17);
    const f = expectFoundExactly(`Authorization: Bearer ${token}.`, token, 'jwt');
    expect(f.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('finds an unsigned token with an empty signature', () => {
    const token = `${b64url('{"alg":"none"}')}.${b64url('{"sub":"42"}')}.`;
    expectFoundExactly(`token ${token} end`, token, 'jwt');
  });

  it('ignores an eyJ string whose header is not JSON with an alg field', () => {
    const payload = b64url('{"sub":"42"}');
    expect(findType(`x ${b64url('{"typ":"JWT"}')}.${payload}.abcdef`, 'jwt', 0)).toEqual([]);
    expect(findType(`x eyJub3QganNvbg.${payload}.abcdef`, 'jwt', 0)).toEqual([]);
  });
});

describe('private_key', () => {
  const r = randomText(18);
  const body = Array.from({ length: 6 }, () => r.chars(BASE64, 64)).join('\n') + '\n' + r.chars(BASE64, 20) + '==';

  it('reports the whole block, BEGIN to END', () => {
    for (const kind of ['RSA ', 'EC ', 'DSA ', 'OPENSSH ', 'ENCRYPTED ', '']) {
      const block = `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----`;
      const f = expectFoundExactly(`Here is my key:\n${block}\nwhat is wrong?`, block, 'private_key');
      expect(f.confidence).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('reports a PGP private key block with armor headers', () => {
    const block = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${body}\n=Ab3x\n-----END PGP PRIVATE KEY BLOCK-----`;
    expectFoundExactly(`key:\n${block}\n`, block, 'private_key');
  });

  it('reports a key inside a JSON string with escaped newlines', () => {
    const block = `-----BEGIN PRIVATE KEY-----\\n${body.replace(/\n/g, '\\n')}\\n-----END PRIVATE KEY-----\\n`.slice(0, -2);
    expectFoundExactly(`{"private_key": "${block}\\n", "client_email": "x"}`, block, 'private_key');
  });

  it('reports an unterminated key through the end of its body at lower confidence', () => {
    const open = `-----BEGIN RSA PRIVATE KEY-----\n${body}`;
    const f = expectFoundExactly(`${open}\n\nThanks for the help`, open, 'private_key');
    expect(f.confidence).toBeCloseTo(0.8, 5);
  });

  it('does not report a BEGIN line with a placeholder body', () => {
    expect(findType('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', 'private_key')).toEqual([]);
    expect(findType('Paste the -----BEGIN PRIVATE KEY----- block here', 'private_key')).toEqual([]);
  });

  it('does not report public keys or certificates', () => {
    expect(findType(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`, 'private_key', 0)).toEqual([]);
    expect(findType(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`, 'private_key', 0)).toEqual([]);
  });
});

describe('generic_secret', () => {
  it('reports only the value after a password or key label', () => {
    expectFoundExactly('DB_PASSWORD=Xk9#mQ2$vL7p\n', 'Xk9#mQ2$vL7p', 'generic_secret');
    expectFoundExactly('{"api_key": "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"}', '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e', 'generic_secret');
    expectFoundExactly("'client_secret' => 'qW3rTy8uI0pAsD5f',", 'qW3rTy8uI0pAsD5f', 'generic_secret');
    expectFoundExactly('headers: {"X-Api-Key": "Zt4Rk8Lm2Qx7Vn9P"}', 'Zt4Rk8Lm2Qx7Vn9P', 'generic_secret');
    expectFoundExactly('my password is Summer2024! please reset it', 'Summer2024!', 'generic_secret');
    expectFoundExactly('curl -H "Authorization: Bearer Ab3dE6gH9jK2mN5p" https://api', 'Ab3dE6gH9jK2mN5p', 'generic_secret');
    expectFoundExactly('https://api.example.org/v1?access_token=a8F3kL9qZ2xV7mN4&user=ana', 'a8F3kL9qZ2xV7mN4', 'generic_secret');
  });

  it('gives random-looking values more confidence than words', () => {
    const [strong] = findType('password = "Xk9#mQ2$vL7p"', 'generic_secret');
    const [weak] = findType('password = "sunshine"', 'generic_secret');
    expect(strong!.confidence).toBeGreaterThan(weak!.confidence);
    expect(strong!.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('does not report by default a plain word after "Password:" in prose', () => {
    expect(findType('Password: Incorrect attempts lock the account.', 'generic_secret')).toEqual([]);
  });

  it('does not report placeholders, masks and references to secrets kept elsewhere', () => {
    const texts = [
      'token: null', 'password: ********', 'password = "••••••••••"', 'secret: <redacted>', 'api_key: YOUR_API_KEY',
      'api_key = "your_api_key_here"', 'password: ${DB_PASSWORD}', 'token = process.env.GITHUB_TOKEN',
      'API_KEY = os.environ["OPENAI_API_KEY"]', 'token=$SLACK_TOKEN', 'secret = "{{ vault_secret }}"',
      'password = getPassword();', 'token: Optional[str] = None', 'access_token: accessToken,',
      'password: "xxxxxxxxxxxx"', 'api_key=1234567890abcdef', 'token: "<token>"', 'password: [REDACTED]',
    ];
    for (const t of texts) expect(findType(t, 'generic_secret', 0.3), t).toEqual([]);
  });

  it('does not report by default prose, code identifiers, paths or URLs after a label', () => {
    const texts = [
      "const password = 'Password used to generate key';", 'passphrase: "top secret stuff"',
      'endOfFileToken: EndOfFileToken;', 'nextToken = "?InterpolationInJSX"', 'access_token: "very-secret-token"',
      "PWD: '/Users/ana/projects'", 'token = https://auth.acme.io/oauth/token', 'id_token: "HEADER.PAYLOAD.SIGNATURE"',
      'password = config.database.password',
    ];
    for (const t of texts) expect(findType(t, 'generic_secret'), t).toEqual([]);
  });

  it('does not treat longer identifiers that start with a label as labels', () => {
    for (const t of ['max_tokens: 40960000', 'token_type: "bearer-xyz123"', 'secretary: Margaret7Smith', 'password_reset_url: https://x.io/r/Ab3dE6gH9j']) {
      expect(findType(t, 'generic_secret', 0.3), t).toEqual([]);
    }
  });

  it('loses confidence when the text says the value is an example', () => {
    const [plain] = findType('password = "Xk9#mQ2$vL7p"', 'generic_secret', 0);
    const [example] = findType('for example, password = "Xk9#mQ2$vL7p"', 'generic_secret', 0);
    expect(example!.confidence).toBeLessThan(plain!.confidence);
  });
});

describe('published example keys', () => {
  it('never reports the example keys from vendor documentation', () => {
    const texts = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'Stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'token: ghp_1234567890abcdefghijklmnopqrstuvwxyz',
      'SLACK_TOKEN=xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
      'STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
    ];
    for (const t of texts) expect(secretsIn(t), t).toEqual([]);
  });

  it('treats sequences, single repeated characters and placeholder words as examples', () => {
    expect(isExampleSecret('0123456789abcdef')).toBe(true);
    expect(isExampleSecret('zzzzzzzzzzzz')).toBe(true);
    expect(isExampleSecret('MY-EXAMPLE-TOKEN-9f8e')).toBe(true);
    expect(isExampleSecret('q8VtZ3mR1pLx9WcN')).toBe(false);
  });

  it('knows placeholder words as people write them (lower, upper, capitalised), not spelled by chance in mixed case', () => {
    for (const v of ['my_dummy_token', 'DUMMY_KEY_123', 'DummyKey99', 'changeMe12345', 'CHANGEME', 'replace_me_now', 'YOUR_TOKEN_HERE', 'Example123456', '[REDACTED]', 'abc****def']) {
      expect(isExampleSecret(v), v).toBe(true);
    }
    // Random base62 tokens that happen to spell a placeholder word in mixed case are secrets
    // (the second was a 477-character generated key whose middle reads "DUMmy").
    for (const v of ['x8DUMmyQ3zLp9Kq', 'exAMPLEq8VtZ3mR1', 'tjQFBXOnAPh4SuoUeJNfDptuatKajTDUMmyEWusEUKtisJAEoo1dm8TjZhObIZwkw']) {
      expect(isExampleSecret(v), v).toBe(false);
      expect(secretsIn(`api_key=${v}`), v).toEqual([expect.objectContaining({ type: 'generic_secret', value: v })]);
    }
  });
});

describe('secrets in surrounding text (properties)', () => {
  const WORDS = ['please', 'check', 'why', 'the', 'deploy', 'fails', 'with', 'this', 'config', 'thanks', '—', 'ok', '42', 'v1.2.3', '\n'];
  const prose = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' '));

  /** Generators of valid values of each prefixed type, from a seed. */
  const formats: Array<[DetectorType, string, (seed: number) => string]> = [
    ['aws_access_key_id', 'AWS key:', (s) => 'AKIA' + randomText(s).chars(BASE32, 16)],
    ['google_api_key', 'Google API key:', (s) => 'AIza' + randomText(s).chars(BASE64URL, 35)],
    ['github_token', 'GitHub token:', (s) => githubToken('ghp_', randomText(s).chars(BASE62, 30))],
    ['github_token', 'token:', (s) => `github_pat_${randomText(s).chars(BASE62, 22)}_${randomText(s + 1).chars(BASE62, 59)}`],
    ['slack_token', 'Slack token:', (s) => `xoxb-${randomText(s).digits(12)}-${randomText(s + 1).digits(13)}-${randomText(s).chars(BASE62, 24)}`],
    ['stripe_secret_key', 'Stripe key:', (s) => 'sk_live_' + randomText(s).chars(BASE62, 99)],
    ['jwt', 'Bearer', (s) => jwt(s)],
    ['aws_secret_access_key', 'aws_secret_access_key =', (s) => randomText(s).chars(BASE64, 40)],
  ];

  for (const [type, label, make] of formats) {
    it(`finds a generated ${type} (${label}) with its exact span`, () => {
      fc.assert(fc.property(prose, prose, fc.integer(), (before, after, seed) => {
        const value = make(seed);
        const text = `${before} ${label} ${value} ${after}`;
        const start = before.length + label.length + 2;
        const found = secretsIn(text).filter((f) => f.type === type);
        expect(found).toEqual([{ type, start, end: start + value.length, value, confidence: expect.any(Number) }]);
      }), { numRuns: 60 });
    });
  }

  it('finds a generated private key block with its exact span', () => {
    fc.assert(fc.property(prose, prose, fc.integer(), fc.integer({ min: 2, max: 25 }), (before, after, seed, lines) => {
      const r = randomText(seed);
      const body = Array.from({ length: lines }, () => r.chars(BASE64, 64)).join('\n');
      const block = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`;
      const text = `${before}\n${block}\n${after}`;
      const found = secretsIn(text).filter((f) => f.type === 'private_key');
      expect(found).toEqual([{ type: 'private_key', start: before.length + 1, end: before.length + 1 + block.length, value: block, confidence: 0.99 }]);
    }), { numRuns: 40 });
  });

  it('never reports a GitHub token with one character changed', () => {
    fc.assert(fc.property(prose, fc.integer(), fc.nat(35), fc.nat(60), (before, seed, at, shift) => {
      const token = githubToken('ghp_', randomText(seed).chars(BASE62, 30));
      const i = 4 + at;
      const changed = token.slice(0, i) + BASE62[(BASE62.indexOf(token[i]!) + 1 + shift) % 62] + token.slice(i + 1);
      expect(detect(`${before} GitHub token: ${changed}`, { types: ['github_token'] })).toEqual([]);
    }), { numRuns: 100 });
  });
});

describe('linear time on adversarial input', () => {
  const N = 100_000;
  const cases: Array<[string, string]> = [
    ['repeated BEGIN markers', '-----BEGIN '.repeat(N / 11)],
    ['repeated complete BEGIN lines', '-----BEGIN PRIVATE KEY-----\n'.repeat(N / 28)],
    ['BEGIN lines each followed by a body and no END', ('-----BEGIN PRIVATE KEY-----\n' + 'A'.repeat(64) + '\n').repeat(N / 93)],
    ['repeated END markers', '-----END PRIVATE KEY-----'.repeat(N / 25)],
    ['repeated eyJ', 'eyJ'.repeat(N / 3)],
    ['eyJ separated by dashes', '-eyJ'.repeat(N / 4)],
    ['eyJ segments separated by dots', 'eyJab.'.repeat(N / 6)],
    ['repeated password=', 'password='.repeat(N / 9)],
    ['repeated password:"', 'password:"'.repeat(N / 10)],
    ['repeated "token is "', 'token is '.repeat(N / 9)],
    ['repeated Bearer', 'Bearer '.repeat(N / 7)],
    ['long base64 run', 'Ab3+/'.repeat(N / 5)],
    ['long base64 run after an AWS label', 'aws_secret_access_key=' + 'Ab3+/'.repeat(N / 5)],
    ['repeated ghp_', 'ghp_'.repeat(N / 4)],
    ['repeated sk_live_', 'sk_live_'.repeat(N / 8)],
    ['repeated xoxb digit groups', 'xoxb-1-'.repeat(N / 7)],
    ['repeated hooks', 'hooks.slack.com/services/'.repeat(N / 25)],
    ['upper-case run', 'A'.repeat(N)],
    ['repeated AKIA', 'AKIA'.repeat(N / 4)],
    ['repeated separators', ':'.repeat(N / 2) + '='.repeat(N / 2)],
  ];
  for (const [name, text] of cases) {
    it(`handles ${name} in linear time`, () => {
      secretsIn(text.slice(0, 1000)); // warm up the code paths
      const t0 = performance.now();
      secretsIn(text);
      // Linear scans take a few ms (tens on a busy machine); a quadratic one takes seconds on 100 KB.
      expect(performance.now() - t0).toBeLessThan(500);
    });
  }
});
