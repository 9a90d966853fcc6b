// codeLists.ts — the code lists of the SUS variables (GET /code-lists) and the
// target groups (GET /target-groups), fetched once per page load and shared;
// labels by code, and the active codes for select lists and checkboxes.
import { computed, ref } from "vue";
import { api } from "./api";
import type { Code, CodeList, CodeListPhase, TargetGroup } from "./followupTypes";

const lists = ref<CodeList[]>([]);
const targetGroups = ref<TargetGroup[]>([]);
const listsError = ref<unknown>(null);
const groupsError = ref<unknown>(null);
let listsLoading: Promise<void> | null = null;
let groupsLoading: Promise<void> | null = null;

function loadLists(): Promise<void> {
    if (lists.value.length > 0) return Promise.resolve();
    listsLoading ??= api
        .getCodeLists()
        .then((r) => {
            lists.value = r.items;
            listsError.value = null;
        })
        .catch((e: unknown) => {
            listsError.value = e;
        })
        .finally(() => (listsLoading = null));
    return listsLoading;
}

function loadGroups(): Promise<void> {
    if (targetGroups.value.length > 0) return Promise.resolve();
    groupsLoading ??= api
        .listTargetGroups()
        .then((r) => {
            targetGroups.value = r.items;
            groupsError.value = null;
        })
        .catch((e: unknown) => {
            groupsError.value = e;
        })
        .finally(() => (groupsLoading = null));
    return groupsLoading;
}

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
        error: listsError,
        load: loadLists,
        list,
        options,
        choices,
        codeLabel,
        codeLabels,
        ownQuestions,
    };
}

export function useTargetGroups() {
    const active = computed(() => targetGroups.value.filter((g) => g.active));

    function groupName(code: string): string {
        return targetGroups.value.find((g) => g.code === code)?.name ?? code;
    }

    function groupNames(codes: readonly string[] | null | undefined): string {
        return (codes ?? []).map(groupName).join(", ");
    }

    return { groups: targetGroups, active, error: groupsError, load: loadGroups, groupName, groupNames };
}
