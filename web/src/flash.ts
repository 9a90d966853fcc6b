// flash.ts — a one-time success message that survives one navigation
// (e.g. "Organisationen är skapad" shown on the list after saving).
import { ref } from "vue";
import type { Router } from "vue-router";

export const flash = ref("");
let shownAt: string | null = null;

export function setFlash(message: string): void {
    flash.value = message;
    shownAt = null;
}

/** Shows the message on the next page and clears it on the one after. */
export function installFlash(router: Router): void {
    router.afterEach((to) => {
        if (!flash.value) return;
        if (shownAt === null) shownAt = to.fullPath;
        else if (shownAt !== to.fullPath) {
            flash.value = "";
            shownAt = null;
        }
    });
}
