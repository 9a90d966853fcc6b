// publicLinks.ts — the addresses of the public pages (no login) that the UI shows
// to staff for copying: the registration page of a session, and the like. They are
// on the address the UI is served on, which is the server's (--public-url is the
// mails' base; a förbund that serves the UI elsewhere sets both alike).

/** The full address of a public page path such as "/utbildning/anmalan/TOKEN". */
export function publicPageUrl(path: string): string {
    return `${window.location.origin}${path}`;
}
