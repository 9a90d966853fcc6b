// startTypes.ts — GET /api/v1/start, the start page of the user's roles
// (docs/followup.md, "Start page").

/** One thing to do: how many, and the page where it is done. */
export interface StartItem {
    kind: string;
    title: string;
    count: number;
    link: string;
}

export interface StartGoal {
    intervention_id: number;
    intervention: string;
    indicator: string;
    target: number;
    value: number | null;
    women: number | null;
    men: number | null;
    progress: number | null;
    suppressed?: boolean;
}

export interface StartFunding {
    kind: "individual" | "structural" | "competence";
    budget_sek: number;
    actual_sek: number | null;
    percent: number | null;
    benchmark_percent: number;
    difference_percent: number | null;
}

export interface StartQuality {
    intervention_id: number;
    intervention: string;
    without_exit: number;
    long_running: number;
}

export interface StartPageData {
    role: string;
    today: string;
    items: StartItem[];
    figures: {
        goals?: { year: number; items: StartGoal[]; suppression?: { threshold: number } };
        funding?: { year: number; budget_sek: number; items: StartFunding[] };
        budget?: { year: number; budget_sek: number; actual_sek: number };
        data_quality?: { items: StartQuality[] };
        audit?: { events: number; reads: number };
    };
}
