/**
 * Streaming redaction: redact a model's reply as it streams, without leaking a value split across
 * chunks, and without holding back more than one window. Used by the OpenAI and AI SDK adapters;
 * usable on its own for any text stream.
 */
export { createStreamRedactor, type StreamRedactor, type StreamRedactorOptions } from './stream-redactor.js';
export type { DecideSegment } from './segment-decision.js';
export { StreamEndedError } from './stream-errors.js';
export { PRIVATE_KEY_MARKER } from './value-overflow.js';
export { DEFAULT_LOOKAHEAD, DEFAULT_MIN_SEGMENT, DEFAULT_WINDOW, MIN_WINDOW } from './window-bound.js';
