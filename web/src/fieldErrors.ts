// fieldErrors.ts — puts the server's invalid_parameters (422) next to the form fields
// they name, through FKUI's validation (the same red message as a client-side
// check); ProblemMessage still lists them all above the form. The message goes away
// when the user changes the field.
import { nextTick } from "vue";
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
        ValidationService.setError(element, p.reason);
        try {
            await ValidationService.validateElement(element);
        } catch {
            // A field without validators cannot show it; the list above still does.
        }
    }
}
