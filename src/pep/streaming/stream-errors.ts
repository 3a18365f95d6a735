import { GatehouseError } from '../../errors.js';

/** `push()` or `end()` was called on a stream redactor that has already ended. */
export class StreamEndedError extends GatehouseError {
  constructor() {
    super('STREAM_ENDED', 'This stream redactor has ended: create a new one with createStreamRedactor() for each stream.');
  }
}
