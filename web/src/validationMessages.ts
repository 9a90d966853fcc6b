// validationMessages.ts — Swedish messages for FKUI's validators that have none of
// their own. Without a message FKUI shows the validator's name in capitals
// ("MAXLENGTH" under a too-long name), so every validator a form may use gets one,
// and the length rules name their limit.
import { ValidationService, type Validator } from "@fkui/logic";

interface LengthConfig {
    length?: number;
    errorMessage?: string;
}

/**
 * A length rule as FKUI's own, which also gives its element a message with the
 * limit: FKUI's messages are fixed texts per validator, and the limit is per field.
 * A field's own errorMessage is kept.
 */
function lengthValidator(name: "maxLength" | "minLength", text: (length: number) => string): Validator {
    return {
        name,
        validation(value: string, _element, config: Partial<LengthConfig>): boolean {
            const length = config.length ?? 0;
            if (length > 0 && !config.errorMessage) config.errorMessage = text(length);
            if (length <= 0 || !value) return true;
            return name === "maxLength" ? value.length <= length : value.length >= length;
        },
    } as Validator;
}

export function installValidationMessages(): void {
    ValidationService.registerValidator(
        lengthValidator("maxLength", (n) => `Texten får ha högst ${n} tecken. Korta den.`),
    );
    ValidationService.registerValidator(
        lengthValidator("minLength", (n) => `Texten ska ha minst ${n} tecken.`),
    );
    ValidationService.addValidationErrorMessages({
        maxLength: "Texten är för lång. Korta den.",
        minLength: "Texten är för kort.",
        blacklist: "Värdet går inte att använda. Välj ett annat.",
        personnummerNotSame: "Personnumret får inte vara detsamma som det andra.",
        personnummerOlder: "Personen är för ung.",
        personnummerYounger: "Personen är för gammal.",
    });
}
