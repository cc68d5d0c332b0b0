import { SignJWT } from 'jose';

/** A REST call the gateway refused: its RFC 7807 problem (catalogue code and recommended action when it has one). */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${String(problem.code ?? '')} ${String(problem.detail ?? problem.title ?? '')}`.replace(/\s+/g, ' ').trim());
  }
}

export interface GatewayResponse<T> {
  body: T;
  headers: Headers;
  /** The trace id of the request, from the gateway's `traceresponse` header. */
  traceId: string | undefined;
}

/** The demo's operator: an admin token signed with the local development secret the gateway was started with. */
export class GatewayClient {
  private token: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly authSecret: string,
  ) {}

  private async bearer(): Promise<string> {
    this.token ??= await new SignJWT({ roles: ['viewer', 'operator', 'admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('smartlic-demo')
      .setIssuedAt()
      .setExpirationTime('8h')
      .sign(new TextEncoder().encode(this.authSecret));
    return this.token;
  }

  async request<T>(method: string, path: string, json?: unknown): Promise<GatewayResponse<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.bearer()}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), signal: AbortSignal.timeout(60_000) });
    const traceId = res.headers.get('traceresponse')?.split('-')[1];
    const text = await res.text();
    const body = text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text;
    if (!res.ok) throw new GatewayError(res.status, typeof body === 'object' && body ? (body as Record<string, unknown>) : { detail: String(body) }, `${method} /api/v1${path}`);
    return { body: body as T, headers: res.headers, traceId };
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path).then((r) => r.body);
  }

  /** Raw bytes of a download route, with its headers. */
  async download(path: string): Promise<{ bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${await this.bearer()}` }, signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new GatewayError(res.status, { detail: await res.text() }, `GET /api/v1${path}`);
    return { bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
}
