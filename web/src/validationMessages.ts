// validationMessages.ts — Swedish messages for FKUI's validators that have none of
// their own. Without a message FKUI shows the validator's name in capitals
// ("MAXLENGTH" under a too-long name), so every validator a form may use gets one.
// FKUI's messages are fixed texts per validator, and a length limit is per field:
// fields name theirs with maxLength(n) (the fallback here has no number).
import { ValidationService } from "@fkui/logic";

/** The config of FKUI's maxLength rule, with a message that names the limit. */
export function maxLength(length: number): { length: number; errorMessage: string } {
    return { length, errorMessage: `Texten får ha högst ${length} tecken. Korta den.` };
}

export function installValidationMessages(): void {
    ValidationService.addValidationErrorMessages({
        maxLength: "Texten är för lång. Korta den.",
        minLength: "Texten är för kort.",
        blacklist: "Värdet går inte att använda. Välj ett annat.",
        personnummerNotSame: "Personnumret får inte vara detsamma som det andra.",
        personnummerOlder: "Personen är för ung.",
        personnummerYounger: "Personen är för gammal.",
    });
}
