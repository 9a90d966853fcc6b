// publicText.ts — what the public pages say of a session's format, in plain Swedish
// for people outside the förbund (the code list's labels are the staff's words).
import type { SessionFormat } from "../../../trainingTypes";

export const FORMAT_TEXT: Record<SessionFormat, string> = {
    in_person: "Träff på plats",
    webinar: "Webbinarium",
    commissioned: "Utbildning för en arbetsgivare",
    network: "Nätverksträff",
};
