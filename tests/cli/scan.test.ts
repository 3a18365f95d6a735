import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../src/detectors/detect.js';
import { createMemoryCliIo, type MemoryCliIoOptions } from '../../src/cli/memory-cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { CHUNK_CHARS, scanText } from '../../src/cli/scan/scan-text.js';
import { LineIndex } from '../../src/cli/scan/line-index.js';
import { makeTempDir } from './temp-dir.js';

const CARD = '4111 1111 1111 1111';
const EMAIL = 'ana.lima@example.com';
const AWS_KEY = 'AKIA4QWERTYUIOPASDFG';
const PASSWORD = 'Zq8!vR2#pL9@wX4t';
const SSN = '536-22-1234';
const SQLI = "admin' OR '1'='1' --";
/** Values planted in the files; none may ever appear in any output. */
const PLANTED = [CARD, EMAIL, AWS_KEY, PASSWORD, SSN, SQLI, '4111111111111111', '1111 1111 1111', 'ana.lima', 'QWERTYUIOP', 'pL9@wX4t'];

const tmp = makeTempDir('scan');
beforeAll(() => {
  tmp.write('repo/customers.txt', `Customer notes\nmail ${EMAIL} about card ${CARD}\nssn ${SSN}\n`);
  tmp.write('repo/config/deploy.env', `region=us-east-1\naws_access_key_id = ${AWS_KEY}\ndb password: "${PASSWORD}"\n`);
  tmp.write('repo/clean.md', '# Nothing here\nJust prose about order 12345.\n');
  tmp.write('repo/query.log', `GET /login?user=${SQLI}\n`);
  tmp.write('repo/image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, ...new TextEncoder().encode(CARD)]));
  tmp.write('repo/node_modules/pkg/index.js', `const leaked = "${CARD}";\n`);
  tmp.write('repo/.git/config', `token ${AWS_KEY}\n`);
  tmp.write('repo/big.txt', `${'filler line without anything\n'.repeat(400)}${EMAIL}\n`);
  tmp.write('crlf.txt', `line one\r\nline two ${EMAIL}\r\n`);
});
afterAll(() => tmp.remove());

async function scan(argv: string[], options: MemoryCliIoOptions = {}) {
  const io = createMemoryCliIo({ cwd: tmp.dir, ...options });
  const code = await runCli(['scan', ...argv], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

function expectNoPlantedValue(text: string): void {
  for (const value of PLANTED) expect(text, `output contains ${value}`).not.toContain(value);
}

describe('gatehouse scan: text', () => {
  it('reports type, file:line:column and confidence for each finding, walks directories, and exits 1', async () => {
    const { code, out } = await scan(['repo']);
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines).toContain('repo/customers.txt:2:6  email  pii  confidence 0.95');
    expect(lines.some((l) => l.startsWith('repo/customers.txt:2:38  credit_card  pii  confidence '))).toBe(true);
    expect(lines.some((l) => l.startsWith('repo/customers.txt:3:5  ssn  pii  '))).toBe(true);
    expect(lines.some((l) => l.startsWith('repo/config/deploy.env:2:21  aws_access_key_id  secret  '))).toBe(true);
    expect(lines.some((l) => l.startsWith('repo/config/deploy.env:3:15  generic_secret  secret  '))).toBe(true);
    expect(lines.some((l) => l.startsWith('repo/big.txt:401:1  email  '))).toBe(true);
    expect(out).toContain('skipped repo/image.png: binary file');
    expect(out).not.toContain('node_modules');
    expect(out).not.toContain('.git');
    expect(out).toMatch(/in 3 of 5 files/);
    expect(out).toMatch(/Fails: \d+ findings at or above confidence 0\.50 \(--fail-on 1\)\./);
    expectNoPlantedValue(out);
  });

  it('exits 0 when nothing is found', async () => {
    const { code, out } = await scan(['repo/clean.md']);
    expect(code).toBe(0);
    expect(out).toBe('0 findings in 0 of 1 file (45 B scanned).\n');
  });

  it('counts lines ended by \\r\\n once', async () => {
    const { out } = await scan(['crlf.txt']);
    expect(out).toContain('crlf.txt:2:10  email');
  });

  it('scans a file named inside node_modules when it is given explicitly', async () => {
    const { code, out } = await scan(['repo/node_modules/pkg/index.js']);
    expect(code).toBe(1);
    expect(out).toContain('repo/node_modules/pkg/index.js:1:17  credit_card');
  });

  it('scans standard input with "-" and when no path is given and stdin is piped', async () => {
    for (const argv of [['-'], []]) {
      const { code, out } = await scan(argv, { stdin: `hello\nwrite to ${EMAIL}` });
      expect(code).toBe(1);
      expect(out).toContain('<stdin>:2:10  email  pii');
      expectNoPlantedValue(out);
    }
  });

  it('asks for paths when there are none and stdin is a terminal (exit 2)', async () => {
    const { code, err } = await scan([], { isTTY: { stdin: true } });
    expect(code).toBe(2);
    expect(err).toContain('Give files or directories to scan');
  });

  it('exits 2 naming a path that does not exist', async () => {
    const { code, err } = await scan(['repo', 'no/such/file.txt']);
    expect(code).toBe(2);
    expect(err).toContain('No such file or directory: no/such/file.txt');
  });
});

describe('gatehouse scan: thresholds and filters', () => {
  it('--fail-on n fails only once n findings count; --fail-on never reports without failing', async () => {
    expect((await scan(['repo/customers.txt', '--fail-on', '3'])).code).toBe(1);
    expect((await scan(['repo/customers.txt', '--fail-on', '4'])).code).toBe(0);
    const never = await scan(['repo', '--fail-on', 'never']);
    expect(never.code).toBe(0);
    expect(never.out).toContain('email');
    expect(never.out).not.toContain('Fails');
  });

  it('--threshold counts only findings at or above it', async () => {
    // The email in crlf.txt has no context word: confidence below 0.95.
    const low = detect(`line one\r\nline two ${EMAIL}\r\n`)[0]!.confidence;
    expect(low).toBeLessThan(1);
    expect((await scan(['crlf.txt', '--threshold', String(low)])).code).toBe(1);
    const above = await scan(['crlf.txt', '--threshold', String(Math.min(1, low + 0.01))]);
    expect(above.code).toBe(0);
    expect(above.out).toContain('crlf.txt:2:10  email'); // still reported
  });

  it('--types limits the detectors and --min-confidence drops weaker findings', async () => {
    const only = await scan(['repo', '--types', 'email,ssn', '--format', 'json']);
    const types = new Set((JSON.parse(only.out) as { findings: { type: string }[] }).findings.map((f) => f.type));
    expect([...types].sort()).toEqual(['email', 'ssn']);
    const strict = await scan(['crlf.txt', '--min-confidence', '1']);
    expect(strict.out).not.toContain('email');
    expect(strict.code).toBe(0);
  });

  it('--sql adds SQL-injection findings per line, with the scanner reason and no evidence', async () => {
    const without = await scan(['repo/query.log']);
    expect(without.out).not.toContain('sql:');
    const { code, out } = await scan(['repo/query.log', '--sql']);
    expect(code).toBe(1);
    expect(out).toMatch(/repo\/query\.log:1:\d+  sql:boolean_blind  sql  confidence 0\.\d\d  \(.+\)/);
    expectNoPlantedValue(out);
  });

  it('skips files over --max-file-size and says so', async () => {
    const { out } = await scan(['repo', '--max-file-size', '1KB']);
    expect(out).toContain('skipped repo/big.txt: over --max-file-size');
    expect(out).not.toMatch(/repo\/big\.txt:\d+:/);
    const stdin = await scan(['-', '--max-file-size', '10'], { stdin: 'x'.repeat(11) });
    expect(stdin.code).toBe(2);
    expect(stdin.err).toContain('Standard input is over the limit');
  });

  it('rejects bad option values with exit 2 and what to write instead', async () => {
    const cases: [string[], string][] = [
      [['--format', 'xml'], '--format must be text, json or sarif'],
      [['--format', 'sarf'], 'did you mean sarif?'],
      [['--types', 'emial'], 'Did you mean email?'],
      [['--min-confidence', '2'], '--min-confidence must be a number from 0 to 1'],
      [['--threshold', 'high'], '--threshold must be a number from 0 to 1'],
      [['--fail-on', '0'], '--fail-on must be a whole number of findings, 1 or more, or "never"'],
      [['--max-file-size', 'huge'], '--max-file-size must be a size such as 5MB'],
      [['--region', 'USA'], '--region must be a two-letter country code'],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await scan(['repo', ...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(err).toContain(message);
    }
  });
});

describe('gatehouse scan: json and sarif', () => {
  it('json lists findings with positions, skipped inputs and the gate outcome', async () => {
    const { code, out } = await scan(['repo', '--format', 'json']);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.tool).toBe('gatehouse');
    const email = doc.findings.find((f: { file: string; type: string }) => f.file === 'repo/customers.txt' && f.type === 'email');
    expect(email).toEqual({ file: 'repo/customers.txt', line: 2, column: 6, endLine: 2, endColumn: 26, start: 20, end: 40, type: 'email', kind: 'pii', ruleId: 'pii/email', confidence: 0.95 });
    expect(doc.skipped).toEqual([{ file: 'repo/image.png', reason: 'binary' }]);
    expect(doc.summary).toMatchObject({ findings: doc.findings.length, counted: doc.findings.length, failOn: 1, failed: true, inputsScanned: 5 });
    expectNoPlantedValue(out);
  });

  it('sarif is SARIF 2.1.0 with a rule per type and 1-based regions, and no values or snippets', async () => {
    const { code, out } = await scan(['repo', '--format', 'sarif', '--sql']);
    expect(code).toBe(1);
    const sarif = JSON.parse(out);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    const ruleIds: string[] = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain('pii/credit_card');
    expect(ruleIds).toContain('secret/aws_access_key_id');
    expect(ruleIds).toContain('sqli/boolean_blind');
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    const email = run.results.find((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      r.ruleId === 'pii/email' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'repo/customers.txt');
    expect(email.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'repo/customers.txt', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 6, endLine: 2, endColumn: 26 },
    });
    expect(email.level).toBe('warning');
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'secret/aws_access_key_id').level).toBe('error');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('repo/image.png: not scanned: binary file');
    expect(out).not.toContain('"snippet"');
    expectNoPlantedValue(out);
  });

  it('sarif lists only the rules that were in force', async () => {
    const sarif = JSON.parse((await scan(['repo', '--format', 'sarif', '--types', 'email'])).out);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['pii/email']);
  });

  it('no output format ever contains a planted value, from files or stdin', async () => {
    const stdin = `${EMAIL} ${CARD} ${AWS_KEY} password: "${PASSWORD}" ${SSN} ${SQLI}`;
    for (const format of ['text', 'json', 'sarif']) {
      for (const argv of [['repo', 'crlf.txt', '--sql'], ['-', '--sql']]) {
        const { out, err } = await scan([...argv, '--format', format], { stdin });
        expect(out.length).toBeGreaterThan(0);
        expectNoPlantedValue(out);
        expectNoPlantedValue(err);
      }
    }
  });
});

describe('gatehouse scan: large inputs', () => {
  it('draws a progress bar on a terminal stderr for large inputs, and erases it', async () => {
    const text = `${'a line of ordinary text that mentions nothing much at all.\n'.repeat(70_000)}mail ${EMAIL}\n`;
    expect(text.length).toBeGreaterThan(4_000_000);
    const tty = await scan(['-'], { stdin: text, isTTY: { stderr: true }, columns: 100 });
    expect(tty.err).toMatch(/scan \[#+·*\] +\d+%/);
    expect(tty.err).toContain('100%');
    expect(tty.err.endsWith('\r\x1b[2K')).toBe(true);
    expect(tty.out).toContain('<stdin>:70001:6  email');
    const piped = await scan(['-'], { stdin: text });
    expect(piped.err).toBe('');
    const off = await scan(['-', '--no-progress'], { stdin: text, isTTY: { stderr: true } });
    expect(off.err).toBe('');
    const small = await scan(['crlf.txt'], { isTTY: { stderr: true } });
    expect(small.err).toBe('');
  });

  it('scanning in chunks finds the same values as one detect() call, at the right lines', () => {
    const block = (i: number) => `row ${i}: mail user${i}@example.com, card 4111 1111 1111 1111, phone +1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}\n`;
    let text = '';
    for (let i = 0; text.length < CHUNK_CHARS * 2.5; i++) text += block(i);
    const whole = detect(text, { maxInputLength: text.length });
    const chunked = scanText(text, { minConfidence: 0.5, sql: false });
    expect(chunked.length).toBe(whole.length);
    expect(chunked.map((f) => [f.type, f.start, f.end])).toEqual(whole.map((f) => [f.type, f.start, f.end]));
    const lines = new LineIndex(text);
    for (const f of chunked.slice(-3)) expect(lines.position(f.start)).toEqual({ line: f.line, column: f.column });
  });
});
