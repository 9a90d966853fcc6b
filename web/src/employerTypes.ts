// employerTypes.ts — types of the employer register's resources of the API (employers,
// contact persons, networks, recruitment needs, the contact log and the weekly list)
// as docs/employers.md describes them.

export type SizeClass = "0" | "1-4" | "5-9" | "10-19" | "20-49" | "50-99" | "100-199" | "200-499" | "500+";
export type ContactChannel = "visit" | "phone" | "email" | "meeting" | "event";
export type ContactPurpose = "recruitment" | "placement" | "mentorship" | "information" | "follow_up";
export type SwedishLevel = "none" | "basic" | "good" | "fluent";

export interface NetworkRef {
    id: number;
    name: string;
}

export interface Network extends NetworkRef {
    description?: string | null;
}

export interface Workplace {
    id?: number;
    name: string;
    address: string | null;
    municipality_code: string | null;
}

export interface Employer {
    id: number;
    orgnr: string;
    sole_trader: boolean;
    name: string;
    sni_code: string | null;
    sni_section: string | null;
    size_class: SizeClass | null;
    municipality_code: string | null;
    address: string | null;
    postal_code: string | null;
    city: string | null;
    website: string | null;
    main_contact_user_id: number | null;
    /** Not in the documented shape; shown when the server sends it. */
    main_contact_user_name?: string | null;
    networks: NetworkRef[];
    workplaces: Workplace[];
}

/** POST /employers and PATCH /employers/{id}: networks by id; sni_section is derived. */
export interface EmployerInput {
    orgnr?: string;
    name?: string;
    sni_code?: string | null;
    size_class?: SizeClass | null;
    municipality_code?: string | null;
    address?: string | null;
    postal_code?: string | null;
    city?: string | null;
    website?: string | null;
    main_contact_user_id?: number | null;
    network_ids?: number[];
    workplaces?: Workplace[];
}

export interface EmployerQuery {
    q?: string;
    sni?: string;
    municipality_code?: string;
    size_class?: string;
    network_id?: number;
    ssyk?: string;
    limit?: number;
    offset?: number;
}

/** A person at the employer: personal data, every read and change audited. */
export interface ContactPerson {
    id: number;
    name: string;
    role: string | null;
    phone: string | null;
    email: string | null;
}

export type ContactPersonInput = Omit<ContactPerson, "id">;

export interface NeedRequirements {
    driving_licence: boolean;
    swedish_level: SwedishLevel | null;
    upper_secondary: boolean;
    vocational_certificate: string | null;
}

export interface NeedOpenTo {
    praktik: boolean;
    work_training: boolean;
    apl: boolean;
    wage_subsidy: boolean;
    mentorship: boolean;
}

export interface RecruitmentNeed {
    id: number;
    employer_id: number;
    ssyk_code: string;
    headcount: number;
    period_start: string | null;
    period_end: string | null;
    municipality_code: string | null;
    requirements: NeedRequirements;
    open_to: NeedOpenTo;
    note: string | null;
    active: boolean;
}

export type RecruitmentNeedInput = Omit<RecruitmentNeed, "id" | "employer_id">;

export interface ContactWarning {
    code: string;
    detail: string;
}

export interface EmployerContact {
    id: number;
    employer_id: number;
    user_id: number;
    org_id: number;
    /** Names are not in the documented shape; shown when the server sends them. */
    user_name?: string | null;
    org_name?: string | null;
    employer_name?: string | null;
    date: string;
    channel: ContactChannel;
    purpose: ContactPurpose;
    stage: 1 | 2 | 3 | null;
    note: string | null;
    next_step_date: string | null;
    warnings?: ContactWarning[];
}

export interface EmployerContactInput {
    date: string;
    channel: ContactChannel;
    purpose: ContactPurpose;
    stage: 1 | 2 | 3 | null;
    note: string | null;
    next_step_date: string | null;
}

/**
 * GET /employer-contacts?week=: the week's contacts and the next steps due that week.
 * The doc names the content, not the field names; both "items" and "contacts" are read.
 */
export interface WeeklyContacts {
    week?: string;
    from?: string;
    to?: string;
    items?: EmployerContact[];
    contacts?: EmployerContact[];
    next_steps?: EmployerContact[];
    total?: number;
}
