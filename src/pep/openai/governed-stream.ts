/** The SDK's `Stream`, as far as the wrapper needs it. */
export interface StreamLike<T> extends AsyncIterable<T> {
  controller?: AbortController;
}

type StreamConstructor<T> = new (iterator: () => AsyncIterator<T>, controller: AbortController, client?: unknown) => StreamLike<T>;

/**
 * Hands the caller a stream of the same class as the SDK's (so `tee()`, `toReadableStream()` and
 * `controller` work as documented), reading from `items`. Falls back to a plain async iterable
 * with the upstream's `controller` when the upstream is not an SDK stream.
 */
export function asSdkStream<T>(upstream: StreamLike<unknown>, items: () => AsyncGenerator<T>): StreamLike<T> {
  const Ctor = (upstream as { constructor?: unknown }).constructor;
  if (upstream.controller instanceof AbortController && typeof Ctor === 'function' && Ctor !== Object) {
    try {
      return new (Ctor as StreamConstructor<T>)(items, upstream.controller);
    } catch {
      // Not constructible this way: use the plain form below.
    }
  }
  return { controller: upstream.controller, [Symbol.asyncIterator]: items } as StreamLike<T>;
}
