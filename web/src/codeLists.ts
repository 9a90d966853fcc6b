// codeLists.ts — the code lists of the SUS variables (GET /code-lists) and the
// target groups (GET /target-groups), fetched once per page load and shared;
// labels by code, and the active codes for select lists and checkboxes.
import { computed, ref, type Ref } from "vue";
import { api } from "./api";
import type { Code, CodeList, CodeListPhase, TargetGroup } from "./followupTypes";

/**
 * A list fetched once per page load and shared by every page that asks for it; an
 * ask while the fetch is under way waits for the same fetch, and a failed fetch
 * (its error kept) is tried again at the next ask.
 */
function sharedList<T>(fetch: () => Promise<{ items: T[] }>) {
    const items = ref([]) as Ref<T[]>;
    const error = ref<unknown>(null);
    let pending: Promise<void> | null = null;

    function load(): Promise<void> {
        if (items.value.length > 0) return Promise.resolve();
        pending ??= fetch()
            .then((r) => {
                items.value = r.items;
                error.value = null;
            })
            .catch((e: unknown) => {
                error.value = e;
            })
            .finally(() => (pending = null));
        return pending;
    }

    return { items, error, load };
}

const codeLists = sharedList<CodeList>(() => api.getCodeLists());
const targetGroups = sharedList<TargetGroup>(() => api.listTargetGroups());
const lists = codeLists.items;

export function useCodeLists() {
    const byName = computed(() => new Map(lists.value.map((l) => [l.name, l])));

    function list(name: string): CodeList | undefined {
        return byName.value.get(name);
    }

    /** The codes a user may choose now (active), in the server's order. */
    function options(name: string): Code[] {
        return list(name)?.codes.filter((c) => c.active) ?? [];
    }

    /**
     * What a select list or checkboxes offer when `chosen` is chosen: the active codes,
     * and a chosen one that is no longer active marked "(inaktuell)", so that an old
     * record keeps its value.
     */
    function choices(name: string, chosen: readonly string[]): { code: string; label: string }[] {
        const active = options(name);
        const old = chosen
            .filter((code) => !active.some((c) => c.code === code))
            .map((code) => ({ code, label: `${codeLabel(name, code)} (inaktuell)` }));
        return [...active, ...old];
    }

    /** The label of a code, also of an inactive one (old records keep theirs). */
    function codeLabel(name: string, code: string | null | undefined): string {
        if (!code) return "";
        return list(name)?.codes.find((c) => c.code === code)?.label ?? code;
    }

    function codeLabels(name: string, codes: readonly string[] | null | undefined): string {
        return (codes ?? []).map((c) => codeLabel(name, c)).join(", ");
    }

    /** The förbund's own questions (not built in) of a phase. */
    function ownQuestions(phase: CodeListPhase): CodeList[] {
        return lists.value.filter((l) => !l.builtin && l.active && l.phase === phase);
    }

    return {
        lists,
        error: codeLists.error,
        load: codeLists.load,
        list,
        options,
        choices,
        codeLabel,
        codeLabels,
        ownQuestions,
    };
}

export function useTargetGroups() {
    const groups = targetGroups.items;
    const active = computed(() => groups.value.filter((g) => g.active));

    function groupName(code: string): string {
        return groups.value.find((g) => g.code === code)?.name ?? code;
    }

    function groupNames(codes: readonly string[] | null | undefined): string {
        return (codes ?? []).map(groupName).join(", ");
    }

    return { groups, active, error: targetGroups.error, load: targetGroups.load, groupName, groupNames };
}
