// session.ts — the logged-in user shared by all pages: loaded once from GET /session
// (so a reload regains the CSRF token), set at login, cleared at logout.
import { reactive } from "vue";
import { ApiError, api, setCsrfToken, type Role, type Session, type SessionUser } from "./api";

interface SessionState {
    user: SessionUser | null;
    mustChangePassword: boolean;
    loaded: boolean;
}

export const session = reactive<SessionState>({
    user: null,
    mustChangePassword: false,
    loaded: false,
});

let loading: Promise<void> | null = null;

export function applySession(s: Session): void {
    session.user = s.user;
    session.mustChangePassword = Boolean(s.must_change_password);
    session.loaded = true;
    setCsrfToken(s.csrf_token ?? "");
}

export function clearSession(): void {
    session.user = null;
    session.mustChangePassword = false;
    session.loaded = true;
    setCsrfToken("");
}

/**
 * Asks the server once who is logged in. A 401 means nobody; other errors are
 * thrown to the caller (and the next call asks again).
 */
export function ensureSession(): Promise<void> {
    if (session.loaded) return Promise.resolve();
    loading ??= api
        .getSession()
        .then(applySession)
        .catch((e: unknown) => {
            if (e instanceof ApiError && e.status === 401) {
                clearSession();
                return;
            }
            throw e;
        })
        .finally(() => {
            loading = null;
        });
    return loading;
}

export function hasRole(role: Role): boolean {
    return session.user?.roles.includes(role) ?? false;
}
