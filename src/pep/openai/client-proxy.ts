/**
 * A view of an SDK object with some properties replaced. Everything else is the object's own,
 * with methods bound to the real object: the OpenAI client keeps `#private` fields, which a
 * method called with the proxy as `this` could not read.
 */
export function overlay<T extends object>(target: T, overrides: Record<PropertyKey, (original: unknown) => unknown>): T {
  const bound = new WeakMap<Function, Function>();
  const made = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(t, property) {
      if (Object.hasOwn(overrides, property)) {
        if (!made.has(property)) made.set(property, overrides[property]!(Reflect.get(t, property, t)));
        return made.get(property);
      }
      const value = Reflect.get(t, property, t);
      if (typeof value !== 'function') return value;
      let fn = bound.get(value);
      if (!fn) {
        fn = value.bind(t) as Function;
        bound.set(value, fn);
      }
      return fn;
    },
  });
}
