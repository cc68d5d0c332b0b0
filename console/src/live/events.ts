import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { accessToken } from '../api/client';

/** One server-sent event of GET /api/v1/events/stream: a job changed, or a cluster's status did. */
export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Parses an SSE byte stream (text/event-stream) into events; comments (heartbeats) are skipped. */
export const parseSse = (buffer: string): { events: LiveEvent[]; rest: string } => {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  const events: LiveEvent[] = [];
  for (const block of blocks) {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length) events.push({ type, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  }
  return { events, rest };
};

/**
 * What an event changes in the TanStack Query cache: a job update patches the job lists in place (no refetch storm
 * for a batch of 500); the pages showing a job's entity are refetched once the burst settles.
 */
export const applyEvent = (client: QueryClient, event: LiveEvent, stale: Set<string>): void => {
  if (event.type === 'job') {
    const job = event.data as { id: string };
    client.setQueriesData<{ total: number; items: { id: string }[] }>({ queryKey: ['jobs'] }, (page) => {
      if (!page?.items) return page;
      const at = page.items.findIndex((j) => j.id === job.id);
      return at >= 0 ? { ...page, items: page.items.map((j, i) => (i === at ? { ...j, ...job } : j)) } : { total: page.total + 1, items: [job, ...page.items] };
    });
    for (const key of ['clusters', 'smart-accounts', 'reports', 'virtual-accounts', 'license-managers', 'license-management']) stale.add(key);
  } else if (event.type === 'cluster') stale.add('clusters');
};

/** The live connection: reads the stream with the bearer token (EventSource sends none), reconnects with backoff. */
export function useLiveEvents(enabled: boolean): 'connecting' | 'live' | 'offline' {
  const client = useQueryClient();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    const stale = new Set<string>();
    const flush = setInterval(() => {
      for (const key of stale) void client.invalidateQueries({ queryKey: [key] });
      stale.clear();
    }, 300);
    const connect = async (attempt: number): Promise<void> => {
      if (abort.signal.aborted) return;
      try {
        setState('connecting');
        const response = await fetch('/api/v1/events/stream', { headers: { authorization: `Bearer ${accessToken() ?? ''}`, accept: 'text/event-stream' }, signal: abort.signal });
        if (!response.ok || !response.body) throw new Error(`events stream answered ${response.status}`);
        setState('live');
        attempt = 0;
        // After a reconnect, what changed meanwhile is not replayed: refetch what is shown.
        void client.invalidateQueries();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseSse(buffer + value);
          buffer = parsed.rest;
          for (const event of parsed.events) applyEvent(client, event, stale);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      setState('offline');
      setTimeout(() => void connect(attempt + 1), Math.min(10_000, 500 * 2 ** attempt));
    };
    void connect(0);
    return () => {
      abort.abort();
      clearInterval(flush);
    };
  }, [enabled, client]);
  return state;
}
