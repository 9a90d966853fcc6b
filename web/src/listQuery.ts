// listQuery.ts — a paged list: one page of the list fetched with its loading state
// and error, its place kept by the page (usePagedList) or, where the filters hold no
// personal data, the filters and the paging offset kept in the address
// (?q=&kind=&offset=) so that reload and the back button keep the user's place
// (useListQuery). Both give ListResults what it shows.
import { computed, reactive, ref, watch, type Ref } from "vue";
import { useRoute, useRouter } from "vue-router";

export const PAGE_SIZE = 50;

/** One page as the list endpoints answer it; `total` is all that match, or with
 * `total_exact: false` a lower bound (a broad participant list stops counting). */
interface Page<T> {
    items: T[];
    total?: number;
    total_exact?: boolean;
}

/** One page of a list, fetched again by each load(); a failed load shows no rows. */
function useListPage<T>(fetchPage: () => Promise<Page<T>>) {
    const items = ref([]) as Ref<T[]>;
    const total = ref(0);
    const more = ref(false);
    const loading = ref(true);
    const error = ref<unknown>(null);

    async function load(): Promise<void> {
        loading.value = true;
        error.value = null;
        try {
            const page = await fetchPage();
            items.value = page.items;
            total.value = page.total ?? page.items.length;
            more.value = page.total_exact === false;
        } catch (e) {
            error.value = e;
            items.value = [];
            total.value = 0;
            more.value = false;
        } finally {
            loading.value = false;
        }
    }

    return { items, total, more, loading, error, load };
}

/**
 * A paged list whose place the page keeps (`offset`: from 0, or a ref the page keeps
 * elsewhere): load() fetches the page shown, page() another one. One reactive object,
 * for the page's template and ListResults.
 */
export function usePagedList<T>(
    fetchPage: (page: { limit: number; offset: number }) => Promise<Page<T>>,
    offset: Ref<number> = ref(0),
) {
    const list = useListPage(() => fetchPage({ limit: PAGE_SIZE, offset: offset.value }));
    return reactive({
        ...list,
        offset,
        page: (newOffset: number) => {
            offset.value = newOffset;
            void list.load();
        },
    });
}

function text(v: unknown): string {
    return typeof v === "string" ? v : "";
}

/**
 * A list whose filters `keys` live in the address: `applied` (the address's) and
 * `form` (being edited, reset to the applied ones when they change); filter() applies
 * the form from the first page, clear() drops every filter, page() turns the page.
 * The list is fetched again whenever the applied filters or the offset change. One
 * reactive object, for the page's template and ListResults.
 */
export function useListQuery<K extends string, T>(
    keys: readonly K[],
    fetchPage: (filters: Record<K, string>, page: { limit: number; offset: number }) => Promise<Page<T>>,
) {
    const route = useRoute();
    const router = useRouter();

    const applied = computed(() => Object.fromEntries(keys.map((k) => [k, text(route.query[k])])) as Record<K, string>);
    const offset = computed(() => {
        const n = Number(route.query.offset);
        return Number.isInteger(n) && n > 0 ? n : 0;
    });
    const form = ref({ ...applied.value }) as Ref<Record<K, string>>;
    const list = useListPage(() => fetchPage(applied.value, { limit: PAGE_SIZE, offset: offset.value }));

    // By value: a new route object with the same filters is no reason to fetch again.
    const appliedKey = computed(() => JSON.stringify(applied.value));
    watch(appliedKey, () => (form.value = { ...applied.value }));
    watch([appliedKey, offset], list.load, { immediate: true });

    function go(filters: Record<K, string>, newOffset: number): void {
        const query: Record<string, string> = {};
        for (const k of keys) if (filters[k].trim()) query[k] = filters[k].trim();
        if (newOffset > 0) query.offset = String(newOffset);
        void router.push({ query });
    }

    return reactive({
        ...list,
        applied,
        offset,
        form,
        filter: () => go(form.value, 0),
        clear: () => void router.push({ query: {} }),
        page: (newOffset: number) => go(applied.value, newOffset),
    });
}
