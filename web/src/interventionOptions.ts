// interventionOptions.ts — all interventions for select lists and for showing an
// intervention's name by id (interventions hold no personal data; everyone reads them).
// Two interventions with the same name are told apart by start year and number.
import { computed } from "vue";
import { useAllRecords } from "./allRecords";
import { api } from "./api";
import type { Intervention } from "./followupTypes";

export function useInterventionOptions() {
    const { all: interventions, sorted, byId, error, load } = useAllRecords((q) => api.listInterventions(q));

    const nameCounts = computed(() => {
        const counts = new Map<string, number>();
        for (const i of interventions.value) counts.set(i.name, (counts.get(i.name) ?? 0) + 1);
        return counts;
    });

    /** The name, with start year and number when another intervention has the same name. */
    function interventionLabel(i: Intervention): string {
        return (nameCounts.value.get(i.name) ?? 0) > 1 ? `${i.name} (${i.start_date.slice(0, 4)}, nr ${i.id})` : i.name;
    }

    /** The label of intervention id; `fallback` (e.g. a report's name) when it is not loaded. */
    function interventionName(id: number | null | undefined, fallback?: string): string {
        if (id === null || id === undefined) return "";
        const i = byId.value.get(id);
        return i ? interventionLabel(i) : (fallback ?? `Insats ${id}`);
    }

    return { interventions: sorted, byId, error, load, interventionName, interventionLabel };
}
