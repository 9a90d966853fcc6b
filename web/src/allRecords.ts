// allRecords.ts — every record of a short list that pages choose from and name by id
// (the organisations, the interventions): fetched whole (fetchAll) when a page asks,
// sorted by name in Swedish order, and found by id.
import { computed, ref, type Ref } from "vue";
import { fetchAll, type ListPage, type ListQuery } from "./api";

export function useAllRecords<T extends { id: number; name: string }>(fetchPage: (query: ListQuery) => Promise<ListPage<T>>) {
    const all = ref([]) as Ref<T[]>;
    const error = ref<unknown>(null);

    const byId = computed(() => new Map(all.value.map((r) => [r.id, r])));
    const sorted = computed(() => [...all.value].sort((a, b) => a.name.localeCompare(b.name, "sv")));

    async function load(): Promise<void> {
        try {
            all.value = await fetchAll(fetchPage);
        } catch (e) {
            error.value = e;
        }
    }

    return { all, sorted, byId, error, load };
}
