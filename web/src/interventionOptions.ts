// interventionOptions.ts — all interventions for select lists and for showing an
// intervention's name by id (interventions hold no personal data; everyone reads them).
import { computed, ref } from "vue";
import { api, fetchAll } from "./api";
import type { Intervention } from "./followupTypes";

export function useInterventionOptions() {
    const interventions = ref<Intervention[]>([]);
    const error = ref<unknown>(null);

    const byId = computed(() => new Map(interventions.value.map((i) => [i.id, i])));
    const sorted = computed(() =>
        [...interventions.value].sort((a, b) => a.name.localeCompare(b.name, "sv")),
    );

    async function load(): Promise<void> {
        try {
            interventions.value = await fetchAll((q) => api.listInterventions(q));
        } catch (e) {
            error.value = e;
        }
    }

    function interventionName(id: number | null | undefined): string {
        if (id === null || id === undefined) return "";
        return byId.value.get(id)?.name ?? `Insats ${id}`;
    }

    return { interventions: sorted, byId, error, load, interventionName };
}
