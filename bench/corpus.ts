/**
 * A deterministic, realistic bench corpus: chat-prompt style English with code snippets and
 * the numbers that make PII detection hard (prices, dates, versions, order numbers, times,
 * IPs, hashes), and valid PII or secrets sprinkled in every 500–1000 characters.
 */
import type { DetectorType } from '../src/index.js';
import { randomPiiSample } from './pii-samples.js';
import { createRng, type Rng } from './prng.js';

export interface PlantedValue {
  type: DetectorType;
  start: number;
  end: number;
}

export interface Corpus {
  text: string;
  planted: PlantedValue[];
}

const HEX = '0123456789abcdef';
const TOPICS = ['the onboarding email', 'my cover letter', 'the release notes', 'our refund policy', 'a product description', 'the quarterly report', 'this support ticket', 'the API docs', 'a blog post about caching', 'the meeting summary'];
const TONES = ['more professional', 'shorter', 'friendlier', 'clearer for beginners', 'less formal', 'more persuasive'];
const TOOLS = ['Node', 'Python', 'PostgreSQL', 'Redis', 'nginx', 'Docker', 'Kubernetes', 'React', 'Django', 'Terraform'];
const ERRORS = ['ECONNREFUSED', 'a 502 Bad Gateway', 'TypeError: cannot read properties of undefined', 'OOMKilled', 'a timeout', 'HTTP 429 Too Many Requests', 'segfault (core dumped)'];
const PEOPLE = ['my manager', 'the customer', 'our CTO', 'the landlord', 'my colleague Sam', 'the recruiter', 'the vendor'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const CITIES = ['Singapore', 'Mumbai', 'Berlin', 'Austin', 'Jakarta', 'London', 'Toronto', 'Nairobi'];
const FILLER = [
  'Thanks in advance for your help.', 'Please keep the answer under 200 words.', 'Use bullet points where it makes sense.',
  'I am not a native speaker, so simple words are better.', 'Explain it like I am new to programming.', 'Let me know if you need more context.',
  'It worked fine yesterday, so something must have changed.', 'No need to be overly formal.', 'Here is what I have so far.',
];

function price(rng: Rng): string {
  const cur = rng.pick(['$', '$', 'USD ', 'EUR ', 'S$', 'Rs. ']);
  const whole = rng.int(1, 4999);
  const thousands = whole >= 1000 ? `${Math.floor(whole / 1000)},${String(whole % 1000).padStart(3, '0')}` : String(whole);
  return `${cur}${thousands}.${rng.digits(2)}`;
}

function date(rng: Rng): string {
  const y = rng.int(2019, 2026);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  switch (rng.int(0, 3)) {
    case 0: return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    case 1: return `${MONTHS[m - 1]} ${d}, ${y}`;
    case 2: return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
    default: return `${d} ${MONTHS[m - 1]!.slice(0, 3)} ${y}`;
  }
}

const version = (rng: Rng): string => `${rng.pick(['v', '', ''])}${rng.int(0, 22)}.${rng.int(0, 40)}.${rng.int(0, 15)}`;
const time = (rng: Rng): string => rng.chance(0.5) ? `${rng.int(1, 12)}:${rng.pick(['00', '15', '30', '45'])} ${rng.pick(['am', 'pm'])}` : `${String(rng.int(0, 23)).padStart(2, '0')}:${rng.int(0, 5)}${rng.digits(1)} UTC`;
const ipv4 = (rng: Rng): string => `${rng.pick(['10', '192', '172'])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
const uuid = (rng: Rng): string => `${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-4${rng.chars(HEX, 3)}-a${rng.chars(HEX, 3)}-${rng.chars(HEX, 12)}`;

function orderRef(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0: return `order #${rng.digits(8)}`;
    case 1: return `order number ${rng.pick(['A', 'B', 'X'])}-${rng.digits(7)}`;
    case 2: return `ticket INC${rng.digits(7)}`;
    case 3: return `invoice ${rng.int(2021, 2025)}-${rng.digits(5)}`;
    case 4: return `tracking number 1Z${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', 16)}`;
    default: return `SKU ${rng.digits(4)}-${rng.digits(2)}`;
  }
}

function proseSentence(rng: Rng): string {
  switch (rng.int(0, 13)) {
    case 0: return `Can you rewrite ${rng.pick(TOPICS)} so it sounds ${rng.pick(TONES)}?`;
    case 1: return `I'm getting ${rng.pick(ERRORS)} when I start ${rng.pick(TOOLS)} ${version(rng)} on my laptop.`;
    case 2: return `My ${orderRef(rng)} from ${date(rng)} still hasn't arrived, and it cost ${price(rng)}.`;
    case 3: return `The meeting with ${rng.pick(PEOPLE)} moved to ${time(rng)} on ${date(rng)}.`;
    case 4: return `We upgraded ${rng.pick(TOOLS)} from ${version(rng)} to ${version(rng)} and latency went from ${rng.int(20, 900)} ms to ${rng.int(20, 900)} ms.`;
    case 5: return `The server at ${ipv4(rng)} listens on port ${rng.pick(['80', '443', '5432', '6379', '8080', '3000'])} and uses ${rng.int(1, 64)} GB of RAM.`;
    case 6: return `Summarise this for ${rng.pick(PEOPLE)}: revenue grew ${rng.int(1, 60)}.${rng.digits(1)}% to ${price(rng)} million in Q${rng.int(1, 4)} ${rng.int(2020, 2025)}.`;
    case 7: return `Please refer to ${orderRef(rng)} when you contact support in ${rng.pick(CITIES)}.`;
    case 8: return `Request ${uuid(rng)} failed after ${rng.int(2, 30)} retries at ${time(rng)}.`;
    case 9: return `The commit ${rng.chars(HEX, 7)} broke the build; the previous one (${rng.chars(HEX, 40)}) was fine.`;
    case 10: return `I need a ${rng.int(3, 14)}-day itinerary for ${rng.pick(CITIES)} with a budget of ${price(rng)} per person.`;
    case 11: return `Flight ${rng.pick(['SQ', 'AI', 'LH', 'BA', 'UA'])}${rng.int(1, 999)} departs at ${time(rng)}, gate ${rng.pick(['A', 'B', 'C', 'D'])}${rng.int(1, 40)}.`;
    case 12: return `Table ${rng.int(1, 30)} shows ${rng.int(100, 99999).toLocaleString('en-US')} rows, ${rng.int(1, 99)} of them with a null value.`;
    default: return rng.pick(FILLER);
  }
}

function codeSnippet(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0: return `\n\`\`\`js\nconst retries = ${rng.int(1, 9)};\nfor (let i = 0; i < retries; i++) {\n  await fetch(\`https://api.example.com/v${rng.int(1, 3)}/items/\${i}\`, { timeout: ${rng.int(1, 30) * 1000} });\n}\n\`\`\`\n`;
    case 1: return `\n\`\`\`python\ndef total(items):\n    return sum(i.price * i.qty for i in items if i.qty > ${rng.int(0, 5)})  # ${version(rng)}\n\`\`\`\n`;
    case 2: return `\n\`\`\`sql\nSELECT id, created_at FROM orders WHERE total > ${rng.int(10, 999)} AND created_at >= '${date(rng)}' LIMIT ${rng.int(10, 500)};\n\`\`\`\n`;
    case 3: return `\n\`\`\`\nTraceback (most recent call last):\n  File "app.py", line ${rng.int(10, 900)}, in handler\n    x = cache[key]\nKeyError: '${rng.chars(HEX, 12)}'\n\`\`\`\n`;
    default: return `\n\`\`\`json\n{"id": ${rng.digits(6)}, "version": "${version(rng)}", "price": ${rng.int(1, 999)}.${rng.digits(2)}, "color": "#${rng.chars(HEX, 6)}"}\n\`\`\`\n`;
  }
}

const UNLABELLED = ['Here it is: ', 'Use ', 'It is ', 'Copy this: ', 'Value: '];

/**
 * Builds `length` characters of corpus from `seed`. The same seed always yields the same text.
 */
export function buildCorpus(length: number, seed = 0x6a7e): Corpus {
  const rng = createRng(seed);
  const parts: string[] = [];
  const planted: PlantedValue[] = [];
  let size = 0;
  let nextPii = rng.int(500, 1000);
  const push = (s: string): void => {
    parts.push(s);
    size += s.length;
  };

  while (size < length) {
    const sentences = rng.int(2, 6);
    for (let i = 0; i < sentences; i++) {
      push(proseSentence(rng) + ' ');
      if (size >= nextPii) {
        const sample = randomPiiSample(rng);
        const prefix = rng.chance(0.75) ? `${rng.pick(['By the way, ', 'Also, ', '', 'Note: '])}${rng.pick(sample.labels)} ` : rng.pick(UNLABELLED);
        push(prefix);
        planted.push({ type: sample.type, start: size, end: size + sample.value.length });
        push(sample.value + rng.pick(['. ', ' — please keep it private. ', ', thanks. ', '.\n']));
        nextPii = size + rng.int(500, 1000);
      }
    }
    push(rng.chance(0.2) ? codeSnippet(rng) : '\n\n');
  }
  const text = parts.join('').slice(0, length);
  return { text, planted: planted.filter((p) => p.end <= text.length) };
}

/**
 * Splits `text` into chunks of at most `size` characters, cutting at the last whitespace of
 * each window so that a value is not split across two chunks.
 */
export function chunkText(text: string, size: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const cut = Math.max(text.lastIndexOf(' ', end), text.lastIndexOf('\n', end));
      if (cut > start + size / 2) end = cut + 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}
