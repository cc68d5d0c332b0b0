import { request } from 'undici';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** A tiny HTTP helper for the contract specs (fastify.inject cannot load under ESM jest). */
export const http = async (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: { json?: unknown; form?: Record<string, string>; bearer?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<HttpAnswer> => {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] ??= 'application/json';
  }
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const res = await request(url, { method, headers, body });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
};
