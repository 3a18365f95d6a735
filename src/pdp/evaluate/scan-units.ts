import { jsonLeaves, stringLeaves, type JsonLeaf } from '../redaction/json-leaves.js';
import type { DecisionRequest } from '../request-schema.js';

/** Where a scanned string came from, so its redaction can be written back. */
export type UnitOrigin =
  | { kind: 'text' }
  | { kind: 'text_json'; leaf: JsonLeaf }
  | { kind: 'message'; message: number; part: number | null }
  | { kind: 'tool_arg'; path: string };

/** One string of the request that detectors and text rules look at. */
export interface ScanUnit {
  /** Names the string in findings: `text`, `text$.user.card`, `messages[1].content`, `tool.args$.query`. */
  readonly source: string;
  readonly value: string;
  /**
   * Prepended when detecting, so a JSON key such as `"aadhaar"` acts as the label of its
   * value. Findings inside the prefix are discarded; offsets are relative to `value`.
   */
  readonly contextPrefix: string;
  readonly origin: UnitOrigin;
}

function keyPrefix(key: string | null): string {
  // "card_number" → "card number: ", so label words in snake/camel-case keys are seen.
  if (key === null || key.length === 0 || key.length > 100) return '';
  return `${key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2')}: `;
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x7b /* { */ || c === 0x5b /* [ */;
  }
  return false;
}

/** Every string of the request to scan: the text (leaf by leaf when it is JSON), message contents and tool-argument strings. */
export function scanUnits(req: DecisionRequest): ScanUnit[] {
  const units: ScanUnit[] = [];
  if (req.text !== undefined && req.text.length > 0) {
    const leaves = looksLikeJson(req.text) ? jsonLeaves(req.text) : null;
    if (leaves) {
      for (const leaf of leaves) {
        units.push({ source: `text${leaf.path}`, value: leaf.value, contextPrefix: keyPrefix(leaf.key), origin: { kind: 'text_json', leaf } });
      }
    } else {
      units.push({ source: 'text', value: req.text, contextPrefix: '', origin: { kind: 'text' } });
    }
  }
  req.messages?.forEach((m, i) => {
    if (typeof m.content === 'string') {
      if (m.content.length > 0) units.push({ source: `messages[${i}].content`, value: m.content, contextPrefix: '', origin: { kind: 'message', message: i, part: null } });
    } else if (Array.isArray(m.content)) {
      m.content.forEach((part, j) => {
        const text = (part as { text?: unknown }).text;
        if (typeof text === 'string' && text.length > 0) {
          units.push({ source: `messages[${i}].content[${j}].text`, value: text, contextPrefix: '', origin: { kind: 'message', message: i, part: j } });
        }
      });
    }
  });
  if (req.tool?.args !== undefined) {
    for (const leaf of stringLeaves(req.tool.args, { includeNumbers: true })) {
      units.push({ source: `tool.args${leaf.path}`, value: leaf.value, contextPrefix: keyPrefix(leaf.key), origin: { kind: 'tool_arg', path: leaf.path } });
    }
  }
  return units;
}
