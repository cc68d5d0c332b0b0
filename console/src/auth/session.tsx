import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setAccessToken } from '../api/client';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  token: string;
  subject: string;
  roles: Role[];
  expiresAt: number;
}

/** The claims of a JWT, read (not verified: the gateway verifies every request) to show the user and their role. */
export const claimsOf = (token: string): Record<string, unknown> => {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return {};
  }
};

export const sessionOf = (token: string, rolesClaim = 'roles'): Session => {
  const claims = claimsOf(token);
  const raw = claims[rolesClaim];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  return {
    token,
    subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    roles: list.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3600_000,
  };
};

/** Whether `roles` include `required` (each role includes the ones before it, as the gateway decides). */
export const hasRole = (roles: readonly Role[], required: Role): boolean => roles.some((r) => ROLES.indexOf(r) >= ROLES.indexOf(required));

interface SessionContextValue {
  session: Session | undefined;
  login: (token: string, rolesClaim?: string) => void;
  logout: () => void;
  can: (role: Role) => boolean;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);
const KEY = 'smartlic.session';

const restore = (): Session | undefined => {
  const saved = globalThis.sessionStorage?.getItem(KEY);
  if (!saved) return undefined;
  const session = JSON.parse(saved) as Session;
  return session.expiresAt > Date.now() ? session : undefined;
};

/** The logged-in operator; the token stays in sessionStorage (this tab only), never in localStorage. */
export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session }) {
  const [session, setSession] = useState<Session | undefined>(() => {
    const s = initial ?? restore();
    setAccessToken(s?.token);
    return s;
  });
  const logout = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setAccessToken(undefined);
    setSession(undefined);
  }, []);
  const login = useCallback(
    (token: string, rolesClaim?: string) => {
      const s = sessionOf(token, rolesClaim);
      sessionStorage.setItem(KEY, JSON.stringify(s));
      setAccessToken(token, logout);
      setSession(s);
    },
    [logout],
  );
  const value = useMemo(() => ({ session, login, logout, can: (role: Role) => (session ? hasRole(session.roles, role) : false) }), [session, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = (): SessionContextValue => {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
};
