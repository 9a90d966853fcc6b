// employerSearch.ts — the search on the Arbetsgivare page, kept in memory while the
// user moves between the list and an employer (and back). Not in the address: a name
// prefix may be a person's name (a sole trader's firm) and an orgnr may be a personnummer.
import { reactive } from "vue";

export interface EmployerSearchState {
    /** Name prefix, or an organisationsnummer (then looked up through POST /employers/search). */
    text: string;
    sni: string;
    municipality_code: string;
    size_class: string;
    network_id: string;
    ssyk: string;
    offset: number;
    /** Whose search it is: another user logging in on the same tab starts afresh. */
    userId: number | null;
}

export const employerSearch = reactive<EmployerSearchState>({
    text: "",
    sni: "",
    municipality_code: "",
    size_class: "",
    network_id: "",
    ssyk: "",
    offset: 0,
    userId: null,
});

/** Starts a new search (all employers). */
export function resetEmployerSearch(userId: number | null): void {
    Object.assign(employerSearch, { text: "", sni: "", municipality_code: "", size_class: "", network_id: "", ssyk: "", offset: 0, userId });
}

/** Digits with an optional dash or plus, 10 or 12 digits: an organisationsnummer (or personnummer). */
export function looksLikeOrgnr(text: string): boolean {
    const digits = text.replace(/[\s+-]/g, "");
    return /^\d{10}(\d{2})?$/.test(digits);
}
