// listQuery.ts — keeps a list page's search text and paging offset in the address
// (?q=&offset=), so reload and the back button keep the user's place.
import { computed } from "vue";
import { useRoute, useRouter } from "vue-router";

export const PAGE_SIZE = 50;

export function useListQuery() {
    const route = useRoute();
    const router = useRouter();

    const q = computed(() => (typeof route.query.q === "string" ? route.query.q : ""));
    const offset = computed(() => {
        const n = Number(route.query.offset);
        return Number.isInteger(n) && n > 0 ? n : 0;
    });

    function set(changes: Record<string, string | number | undefined>): void {
        const query: Record<string, string> = {};
        for (const [key, value] of Object.entries({ ...route.query, ...changes })) {
            if (value !== undefined && value !== null && value !== "" && value !== 0) {
                query[key] = String(value);
            }
        }
        void router.push({ query });
    }

    return { q, offset, set };
}
