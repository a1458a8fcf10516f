import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedSecret } from './webhook';

/**
 * Subscribers' secrets are sealed before they reach the event store, where the audit trail and
 * backups can show them: AES-256-GCM under a key derived from WEBHOOK_SECRET_KEY, bound to the
 * webhook's id. Command hashes see only a keyed digest of the secret, never the secret.
 */
export class WebhookSecrets {
  private readonly sealKey: Buffer;
  private readonly digestKey: Buffer;
  readonly keyId: string;

  constructor(keyMaterial: string) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', keyMaterial, 'ledger-webhooks', info, 32));
    this.sealKey = derive('seal');
    this.digestKey = derive('digest');
    this.keyId = createHash('sha256').update(this.sealKey).digest('hex').slice(0, 12);
  }

  seal(webhookId: string, secret: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(webhookId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      alg: 'aes-256-gcm',
      keyId: this.keyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  open(webhookId: string, sealed: SealedSecret): string {
    if (sealed.keyId !== this.keyId) {
      throw new Error(`the secret of webhook ${webhookId} was sealed with another WEBHOOK_SECRET_KEY (key ${sealed.keyId}, this service has ${this.keyId})`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(webhookId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Equal secrets give equal digests (a retry is recognised), yet nobody without the key can test guesses against it. */
  digest(webhookId: string, secret: string): string {
    return createHmac('sha256', this.digestKey).update(`${webhookId}\0${secret}`).digest('hex');
  }
}
