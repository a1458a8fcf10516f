import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { Role } from '@app/domain';
import { Public, Roles } from '../../../apps/api/src/http/auth';
import type { HttpMethod } from '../../../apps/api/src/http/route-access';

export interface ServedRoute {
  method: HttpMethod;
  path: string;
}

/** Every route the running app answers, as Express holds them (Nest's controllers and Swagger's pages alike). */
export function servedRoutes(app: INestApplication): ServedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack;
  if (!stack) throw new Error('cannot find the Express router: has the HTTP adapter changed?');
  const routes: ServedRoute[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') routes.push({ method: method.toUpperCase() as HttpMethod, path: String(layer.route.path) });
    }
  }
  return routes;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

export interface GuardedRoute extends ServedRoute {
  /** From `@Public()` / `@Roles(...)`, the handler's over the controller's, as the AuthGuard reads them. */
  access: { public: true } | { public: false; roles: Role[] | undefined };
  handler: string;
}

const ROLES_KEY = (Roles as unknown as () => { KEY: string })().KEY;
const PUBLIC_KEY = (Public as unknown as () => { KEY: string })().KEY;

/** Every route a Nest controller declares, with what the AuthGuard will ask of its caller. */
export function controllerRoutes(app: INestApplication, prefix = '/api'): GuardedRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: GuardedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller?.prototype) continue;
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (own === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] as HttpMethod;
      const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
      const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined;
      for (const b of [base ?? ''].flat()) {
        for (const p of [own].flat()) {
          routes.push({
            method,
            path: join(prefix, b, p),
            access: isPublic ? { public: true } : { public: false, roles },
            handler: `${controller.name}.${name}`,
          });
        }
      }
    }
  }
  return routes;
}

function join(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/')}`;
}

/** `:name` parameters of an Express path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

/** The path with each `:name` replaced by an already-encoded segment. */
export function fillPath(path: string, segments: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    if (!(name in segments)) throw new Error(`no value for :${name} in ${path}`);
    return segments[name];
  });
}
