import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Personal fields at rest (an applicant's identity number): sealed with AES-256-GCM under a key
 * derived from the deployment's field key (config.fieldKey), so that a copy of the database alone
 * does not reveal them. `lookupKey` is a keyed hash for finding the same value again (the same
 * applicant across requests) without unsealing anything.
 */
export interface Sealer {
  seal(plain: string): string;
  /** Throws when the value was sealed under another key or altered. */
  open(sealed: string): string;
  lookupKey(plain: string): string;
}

const VERSION = 'v1';

export function createSealer(fieldKey: string): Sealer {
  if (fieldKey.length < 32) throw new Error('the field key must be at least 32 characters');
  // Two keys from one secret: the cipher's and the lookup hash's never coincide.
  const cipherKey = createHash('sha256').update(`gongkai-seal:${fieldKey}`).digest();
  const lookup = createHash('sha256').update(`gongkai-lookup:${fieldKey}`).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', cipherKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [VERSION, ...parts].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('not a sealed value');
      }
      const decipher = createDecipheriv('aes-256-gcm', cipherKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    lookupKey(plain) {
      return createHmac('sha256', lookup).update(plain).digest('base64url');
    },
  };
}
