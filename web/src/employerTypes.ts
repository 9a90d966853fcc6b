// employerTypes.ts — types of the employer register's resources of the API (employers,
// contact persons, networks, recruitment needs, the contact log and the weekly list).
// The shapes are the document's (the OpenAPI document, src/api/spec/), generated into
// generated/api-types.ts at build time: this file only names them, and keeps by hand
// what is the UI's own (query objects).
import type { components, paths } from "./generated/api-types";

type S = components["schemas"];

export type SizeClass = S["SizeClass"];
export type ContactChannel = S["EmployerContact"]["channel"];
export type ContactPurpose = S["EmployerContact"]["purpose"];
export type ContactStage = S["EmployerContact"]["stage"];
export type SwedishLevel = NonNullable<S["RecruitmentNeed"]["requirements"]["swedish_level"]>;

export type NetworkRef = NonNullable<S["Employer"]["networks"]>[number];
export type Network = S["Network"];
export type Workplace = S["Workplace"];
export type Employer = S["Employer"];

/** POST /employers and PATCH /employers/{id}: networks by id; sni_section is derived. */
export type EmployerInput = S["EmployerPatch"];

/** GET /employers: the filters come from the list page's text fields. */
export type EmployerQuery = Omit<NonNullable<paths["/employers"]["get"]["parameters"]["query"]>, "size_class"> & {
    size_class?: string;
};

/** A person at the employer: personal data, every read and change audited. */
export type ContactPerson = S["EmployerPerson"];
export type ContactPersonInput = S["EmployerPersonInput"];

export type NeedRequirements = S["RecruitmentNeed"]["requirements"];
export type NeedOpenTo = S["RecruitmentNeed"]["open_to"];
export type RecruitmentNeed = S["RecruitmentNeed"];
export type RecruitmentNeedInput = S["RecruitmentNeedInput"];

export type ContactWarning = S["RecentContactWarning"];
/** A contact as the log lists it; a saved one also carries the warnings of its save. */
export type EmployerContact = S["EmployerContact"] & { warnings?: ContactWarning[] };
export type EmployerContactInput = S["EmployerContactInput"];

/** GET /employer-contacts?week=: the week's contacts and the next steps due that week. */
export type WeeklyContacts = paths["/employer-contacts"]["get"]["responses"][200]["content"]["application/json"];
