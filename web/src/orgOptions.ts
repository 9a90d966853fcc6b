// orgOptions.ts — all organisations for select lists and for showing an org's name
// by id; fetched once per page that needs them.
import { computed, ref } from "vue";
import { api, fetchAll, type Org } from "./api";

export function useOrgOptions() {
    const orgs = ref<Org[]>([]);
    const error = ref<unknown>(null);

    const byId = computed(() => new Map(orgs.value.map((o) => [o.id, o])));
    const sorted = computed(() =>
        [...orgs.value].sort((a, b) => a.name.localeCompare(b.name, "sv")),
    );

    async function load(): Promise<void> {
        try {
            orgs.value = await fetchAll((q) => api.listOrgs(q));
        } catch (e) {
            error.value = e;
        }
    }

    function orgName(id: number | null | undefined): string {
        if (id === null || id === undefined) return "";
        return byId.value.get(id)?.name ?? `#${id}`;
    }

    return { orgs: sorted, error, load, orgName };
}

/** A password that is hard to guess and easy to read aloud (no 0/O, 1/l/I). */
export function generatePassword(length = 16): string {
    const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const bytes = new Uint32Array(length);
    crypto.getRandomValues(bytes);
    let out = "";
    for (const b of bytes) out += alphabet[b % alphabet.length];
    return out;
}
