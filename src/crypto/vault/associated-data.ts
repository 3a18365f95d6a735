import { encodeUtf8 } from '../encoding.js';

/** What a credential ciphertext is bound to: the org that owns it and its row. */
export interface CredentialBinding {
  readonly orgId: string;
  readonly credentialId: string;
}

const LABEL = 'gatehouse.credential';

/**
 * The GCM associated data for one credential: a fixed label, the envelope version, the key
 * id, the org id and the credential id, each as a 4-byte big-endian length then its UTF-8
 * bytes. Length prefixes make the encoding unambiguous (`("a.b", "c")` and `("a", "b.c")`
 * differ), so a ciphertext copied to another org or row, or relabelled with another key id
 * or version, fails authentication.
 *
 * @example
 * ```ts
 * associatedData('ghv1', '1a2b3c4d', { orgId: 'acme', credentialId: 'openai-prod' });
 * ```
 */
export function associatedData(version: string, kid: string, binding: CredentialBinding): Uint8Array {
  const fields = [LABEL, version, kid, binding.orgId, binding.credentialId].map(encodeUtf8);
  const out = new Uint8Array(fields.reduce((n, f) => n + 4 + f.byteLength, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const field of fields) {
    view.setUint32(at, field.byteLength);
    out.set(field, at + 4);
    at += 4 + field.byteLength;
  }
  return out;
}
