// fieldErrors.ts — sending a form (useSubmit: one at a time, the error for
// ProblemMessage) and putting the server's invalid_parameters (422) next to the form
// fields they name, through FKUI's validation (the same red message as a client-side
// check); ProblemMessage lists them above the form. Both go away when the user
// changes the field: a corrected field's reason is stale.
import { nextTick, ref, type Ref } from "vue";
import { ValidationService } from "@fkui/logic";
import { ApiError } from "./api";

/** The id of the input for an API parameter name (e.g. "budgets[1].year"), if any. */
export type FieldIdMap = Record<string, string> | ((name: string) => string | undefined);

export async function showFieldErrors(error: unknown, fields: FieldIdMap): Promise<void> {
    if (!(error instanceof ApiError) || error.invalidParameters.length === 0) return;
    await nextTick();
    for (const p of error.invalidParameters) {
        const id = typeof fields === "function" ? fields(p.name) : fields[p.name];
        if (!id) continue;
        const element = document.getElementById(id);
        // Fieldsets get no input events, so a server error there would never clear:
        // those stay in the list above the form only.
        if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) {
            continue;
        }
        const name = p.name;
        const correct = (): void => {
            if (!error.corrected.includes(name)) error.corrected.push(name);
        };
        element.addEventListener("input", correct, { once: true });
        element.addEventListener("change", correct, { once: true });
        ValidationService.setError(element, p.reason);
        try {
            await ValidationService.validateElement(element);
        } catch {
            // A field without validators cannot show it; the list above still does.
        }
    }
}

/**
 * Sends a form: submit(send) runs `send` unless a sending is under way (busy), and
 * keeps what it throws in `error` for ProblemMessage, with the field errors shown at
 * `fields`. `failed` runs first on a failure, for what a page does more (e.g. look
 * up a duplicate). Forms of one page that must not send at once share one `busy`.
 */
export function useSubmit(busy: Ref<boolean> = ref(false)) {
    const error = ref<unknown>(null);

    async function submit(
        send: () => Promise<unknown>,
        fields?: FieldIdMap,
        failed?: (e: unknown) => unknown,
    ): Promise<void> {
        if (busy.value) return;
        busy.value = true;
        error.value = null;
        try {
            await send();
        } catch (e) {
            // The button comes back with the reason, not a moment after it
            // (a reader, or axe, saw the reason beside a disabled button).
            busy.value = false;
            error.value = e;
            await failed?.(e);
            if (fields) await showFieldErrors(e, fields);
        } finally {
            busy.value = false;
        }
    }

    return { busy, error, submit };
}
