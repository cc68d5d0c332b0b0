import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { paths };
export type Schemas = components extends { schemas: infer S } ? S : never;

/** The gateway's RFC 7807 answer to a refused request: the catalogue code, the fields at fault, what to do. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  recommendedAction?: string;
  errors?: { field: string; message: string }[];
}

/** A refused or failed request, carrying the gateway's problem (a network failure is a problem without a code). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

let currentToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** The bearer token every request carries (set by the session at login, cleared at logout). */
export const setAccessToken = (token: string | undefined, unauthorized?: () => void): void => {
  currentToken = token;
  onUnauthorized = unauthorized;
};
export const accessToken = (): string | undefined => currentToken;

const auth: Middleware = {
  onRequest({ request }) {
    if (currentToken) request.headers.set('authorization', `Bearer ${currentToken}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    if (response.status === 401) onUnauthorized?.();
    const body = (await response
      .clone()
      .json()
      .catch(() => undefined)) as Partial<Problem> | undefined;
    throw new ApiError({ title: body?.title ?? response.statusText, status: response.status, ...body });
  },
};

/** The typed client of the REST API, same origin as the console. */
// fetch looked up per request (not captured once), so that tests can answer it.
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? 'http://localhost', fetch: (request) => globalThis.fetch(request) });
api.use(auth);

/** The data of an answered request (errors are thrown by the middleware as ApiError). */
export const data = async <T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => {
  const { data: body, response } = await request;
  if (body === undefined && response.status !== 204) throw new ApiError({ title: 'empty answer', status: response.status });
  return body as T;
};
