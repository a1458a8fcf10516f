import { sign } from 'node:crypto';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { type AppConfig, DEV_PAYROLL_SIGNING_KEY, type PayrollSigningKey, payrollSigningKeyFrom } from '@app/platform';

/** The Ed25519 key that signs each close's manifest (PAYROLL_SIGNING_KEY). */
export class ManifestKey {
  constructor(
    private readonly key: PayrollSigningKey,
    /** True when the development key is in use. */
    readonly development: boolean,
  ) {}

  get publicKeyHex(): string {
    return this.key.publicKeyHex;
  }

  /** Ed25519 signature of the message's UTF-8 bytes, base64. */
  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.key.privateKey).toString('base64');
  }
}

/**
 * Provides the manifest key everywhere (PayModule is imported by other contexts too, so the key
 * cannot come through a `PayModule.forRoot`). Absent means the development key, with a warning;
 * `loadConfig` refuses to start without one in production.
 */
@Module({})
export class ManifestKeyModule {
  static forRoot(config: Pick<AppConfig, 'payrollSigningKey'>): DynamicModule {
    const development = !config.payrollSigningKey || config.payrollSigningKey === DEV_PAYROLL_SIGNING_KEY;
    const key = new ManifestKey(payrollSigningKeyFrom(config.payrollSigningKey ?? DEV_PAYROLL_SIGNING_KEY), development);
    if (development && process.env.NODE_ENV !== 'test') {
      new Logger('Pay').warn('PAYROLL_SIGNING_KEY is not set: pay manifests are signed with the development key. Never do this in production.');
    }
    return { global: true, module: ManifestKeyModule, providers: [{ provide: ManifestKey, useValue: key }], exports: [ManifestKey] };
  }
}
