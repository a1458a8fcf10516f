import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { verify } from 'jsonwebtoken';
import { type Actor, DomainError, type Role } from '@app/domain';

export const JWT_SECRET = Symbol('JWT_SECRET');
/** What a token must be besides signed: its longest life, and its issuer and audience when configured. */
export const TOKEN_POLICY = Symbol('TOKEN_POLICY');
export interface TokenPolicy {
  maxAgeSeconds: number;
  issuer?: string;
  audience?: string;
}
/** Twelve hours: a working day and its overtime; a longer-lived token is refused whoever signed it. */
export const DEFAULT_TOKEN_POLICY: TokenPolicy = { maxAgeSeconds: 12 * 60 * 60 };
const ROLES_KEY = 'roles';
const PUBLIC_KEY = 'public';

/** The roles that may call a route; anyone else with a valid token gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route that needs no token (health, docs); a valid token sent all the same names the caller (`CurrentActor`), an invalid one is ignored. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

/**
 * Bearer JWT, HS256 only; claims `sub`, `roles`, optional `team` (API.md "Auth"), and `iat` and
 * `exp` no further apart than the policy's maximum age: a token that never expires, or lives for
 * a year, is refused even when signed with the right secret.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Made once: given the string, jsonwebtoken tries to parse it as a public key on every request. */
  private readonly key: KeyObject;

  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_SECRET) secret: string,
    @Inject(TOKEN_POLICY) private readonly policy: TokenPolicy,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      if (request.headers.authorization) request.actor = this.authenticateOrNobody(request.headers.authorization);
      return true;
    }
    const actor = this.authenticate(request.headers.authorization);
    request.actor = actor;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !actor.roles.some((r) => (allowed as string[]).includes(r))) {
      throw new DomainError('AUTH.ROLE_NOT_ALLOWED', 'forbidden', `this needs one of the roles: ${allowed.join(', ')}`, {
        allowed,
      });
    }
    return true;
  }

  private authenticateOrNobody(header: string): Actor | undefined {
    try {
      return this.authenticate(header);
    } catch {
      return undefined;
    }
  }

  private authenticate(header: string | undefined): Actor {
    const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new DomainError('AUTH.MISSING_TOKEN', 'unauthorized', 'an Authorization: Bearer <JWT> header is required');
    let claims: Record<string, unknown>;
    try {
      claims = verify(token, this.key, { algorithms: ['HS256'], issuer: this.policy.issuer, audience: this.policy.audience }) as Record<string, unknown>;
    } catch (error) {
      throw new DomainError('AUTH.INVALID_TOKEN', 'unauthorized', `the token is not valid: ${(error as Error).message}`);
    }
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number') {
      throw new DomainError('AUTH.INVALID_TOKEN', 'unauthorized', 'the token needs numeric `iat` and `exp` claims: tokens that never expire are refused');
    }
    if (exp - iat > this.policy.maxAgeSeconds) {
      throw new DomainError('AUTH.INVALID_TOKEN', 'unauthorized', `the token lives ${exp - iat} s; at most ${this.policy.maxAgeSeconds} s are accepted`, {
        maxAgeSeconds: this.policy.maxAgeSeconds,
      });
    }
    const { sub, roles, team } = claims;
    if (typeof sub !== 'string' || !sub || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
      throw new DomainError('AUTH.INVALID_TOKEN', 'unauthorized', 'the token needs a string `sub` and an array `roles`');
    }
    return { sub, roles, team: typeof team === 'string' ? team : undefined };
  }
}
