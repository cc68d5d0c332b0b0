import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { SessionProvider, type Role } from '../auth/session';
import { theme } from '../theme';

/** An answer of the fake gateway: JSON with a status, or never (the loading state). */
export type Answer = { status?: number; body: unknown } | 'pending';
export type Routes = Record<string, Answer | ((url: URL, init: RequestInit | undefined) => Answer)>;

/** Answers fetch by "METHOD /path" (query ignored); records the requests. Unknown routes fail the test loudly. */
export const fakeGateway = (routes: Routes) => {
  const requests: { method: string; url: URL; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const body = request.method === 'GET' ? undefined : await request.clone().text().then((t) => (t ? JSON.parse(t) : undefined));
    requests.push({ method: request.method, url, body });
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) throw new Error(`no fake answer for ${request.method} ${url.pathname}`);
    const answer = typeof route === 'function' ? route(url, init) : route;
    if (answer === 'pending') return new Promise<Response>(() => {});
    const status = answer.status ?? 200;
    return new Response(JSON.stringify(answer.body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests };
};

/** A token of `roles` (unsigned: the console only reads its claims; the gateway verifies). */
export const tokenOf = (roles: Role[], subject = 'alice'): string => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256' })}.${b64({ sub: subject, roles, exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
};

/** Renders a page as the console does (Mantine, TanStack Query without retries, a router, a session of `roles`). */
export const renderPage = (page: ReactElement, roles: Role[] | undefined = ['viewer', 'operator']) => {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const session = roles ? { token: tokenOf(roles), subject: 'alice', roles, expiresAt: Date.now() + 3600_000 } : undefined;
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>
        <SessionProvider initial={session}>
          <MemoryRouter>{page}</MemoryRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
};

export const problem = (status: number, code: string, title: string, recommendedAction?: string) => ({ status, body: { type: `https://smartlic.dev/problems/${code}`, title, status, code, detail: `${title} (detail)`, recommendedAction } });
