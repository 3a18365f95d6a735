/**
 * Typed errors of the Decision Mode server. Each carries the HTTP status it answers with and a
 * stable `code`; messages say what to fix and never quote a request body or a credential.
 */
import { GatehouseError, type ConfigIssue } from '../../errors.js';

/**
 * A request the server refuses before deciding anything: a bad body, a wrong method, an
 * unknown route. `status` is the HTTP status it answers with.
 *
 * @example
 * ```ts
 * try { await readJsonBody(req, 1024) }
 * catch (e) { if (e instanceof HttpRequestError) res.writeHead(e.status).end(e.code) }
 * ```
 */
export class HttpRequestError extends GatehouseError {
  readonly status: number;
  /** For 400s from a schema: every bad field by path. */
  readonly issues: ConfigIssue[] | undefined;
  /** Extra response headers (`Allow` for 405, `Connection: close` for 413). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, code: string, message: string, options: { issues?: ConfigIssue[]; headers?: Record<string, string> } = {}) {
    super(code, message);
    this.status = status;
    this.issues = options.issues;
    this.headers = Object.freeze({ ...(options.headers ?? {}) });
  }
}

/** The body is over the configured limit (HTTP 413). The rest of it is never read. */
export class BodyTooLargeError extends HttpRequestError {
  readonly limit: number;
  constructor(limit: number) {
    super(413, 'BODY_TOO_LARGE', `The request body is over the limit of ${limit} bytes. Send a smaller request, or raise the server's bodyLimitBytes.`, {
      headers: { connection: 'close' },
    });
    this.limit = limit;
  }
}

/** The body is not JSON (HTTP 400). The message never quotes it: it may hold personal data. */
export class InvalidJsonError extends HttpRequestError {
  constructor(detail = 'is not valid JSON') {
    super(400, 'INVALID_JSON', `The request body ${detail}. Send one JSON object, UTF-8 encoded.`);
  }
}

/** The body is JSON but not a valid request (HTTP 400); `issues` names every bad field. */
export class InvalidHttpRequestError extends HttpRequestError {
  constructor(issues: ConfigIssue[], what = 'request') {
    const shown = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
    super(400, 'INVALID_REQUEST', `Invalid ${what}: ${shown}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}.`, { issues });
  }
}

/** The request names an org (or client) other than its credentials' (HTTP 403). Audited. */
export class IdentityMismatchError extends HttpRequestError {
  readonly field: 'org' | 'client';
  constructor(field: 'org' | 'client') {
    super(
      403,
      field === 'org' ? 'ORG_MISMATCH' : 'CLIENT_MISMATCH',
      field === 'org'
        ? 'The request names an org other than the one its credentials belong to. Leave the org out (the credentials decide it), or use that org\'s key.'
        : 'The request names a client other than the one its credentials belong to. Leave client_id out, or use that client\'s key.',
    );
    this.field = field;
  }
}

/** No route has this path (HTTP 404). */
export class RouteNotFoundError extends HttpRequestError {
  constructor(detail = 'No route has this path') {
    super(404, 'NOT_FOUND', `${detail}. Routes: POST /api/v1/decide, GET /api/v1/audit, POST /api/v1/gdpr/delete, GET /health, GET /metrics, /api/v1/admin/orgs/{org}/breakers.`);
  }
}

/** The route exists but not with this method (HTTP 405, with `Allow`). */
export class MethodNotAllowedError extends HttpRequestError {
  constructor(allowed: readonly string[]) {
    super(405, 'METHOD_NOT_ALLOWED', `This route accepts ${allowed.join(', ')} only.`, { headers: { allow: allowed.join(', ') } });
  }
}

/** A JSON route was sent another media type (HTTP 415). */
export class UnsupportedMediaTypeError extends HttpRequestError {
  constructor() {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body with "Content-Type: application/json".');
  }
}

/** The route needs a service this server was started without (HTTP 404). */
export class RouteNotConfiguredError extends HttpRequestError {
  constructor(what: string) {
    super(404, 'NOT_CONFIGURED', `${what} is not configured on this server.`);
  }
}

/** The request took longer than the server's limit (HTTP 408 while reading, 503 after). */
export class RequestTimeoutError extends HttpRequestError {
  constructor(timeoutMs: number, whileReading: boolean) {
    super(whileReading ? 408 : 503, 'REQUEST_TIMEOUT', `The request did not complete within ${timeoutMs} ms.`, { headers: { connection: 'close' } });
  }
}
