// orgOptions.ts — all organisations for select lists and for showing an org's name
// by id; fetched once per page that needs them.
import { useAllRecords } from "./allRecords";
import { api } from "./api";

export function useOrgOptions() {
    const { sorted, byId, error, load } = useAllRecords((q) => api.listOrgs(q));

    function orgName(id: number | null | undefined): string {
        if (id === null || id === undefined) return "";
        return byId.value.get(id)?.name ?? `#${id}`;
    }

    return { orgs: sorted, error, load, orgName };
}
