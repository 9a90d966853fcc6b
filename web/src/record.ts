// record.ts — the record a page shows or edits (a participant, an employer, an
// intervention, …): fetched once as the page opens, with `loading` ("Hämtar …")
// until it has answered and its failure in `error` for ProblemMessage. The form
// of a new record fetches nothing (`skip`). Saving is useSubmit's (fieldErrors.ts).
import { ref, type Ref } from "vue";

export function useRecord<T>(fetch: () => Promise<T>, options: { skip?: boolean } = {}) {
    const record = ref(null) as Ref<T | null>;
    const loading = ref(!options.skip);
    const error = ref<unknown>(null);

    /**
     * Fetches the record, then runs `then` with it (filling a form, or fetching what
     * the page shows with it) before `loading` ends. The record, or null when either
     * failed (or nothing is fetched: `skip`).
     */
    async function load(then?: (value: T) => unknown): Promise<T | null> {
        if (options.skip) return null;
        try {
            const value = await fetch();
            record.value = value;
            await then?.(value);
            return value;
        } catch (e) {
            error.value = e;
            return null;
        } finally {
            loading.value = false;
        }
    }

    return { record, loading, error, load };
}
