/** What a route gets: the request, the response, the path parameters and the query string. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedHandlerOptions } from './handler-options.js';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Decoded path parameters, e.g. `{ org: 'acme' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** The raw query string, without `?` ('' when none). */
  readonly search: string;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly started: bigint;
  /** True while the body is being read (a timeout then answers 408). */
  reading: boolean;
}

/** A route's implementation. Throws typed errors; the handler turns them into responses. */
export type RouteHandler = (ctx: RequestContext, deps: ResolvedHandlerOptions) => Promise<void>;
