/* app.c — the route table and what happens to every request before its
 * handler runs: API or web UI, who is asking (session cookie or bearer
 * token), CSRF, the forced password change, and the mapping of domain
 * errors to problem+json.
 *
 * The table and the OpenAPI document (src/api/spec/, a part per resource)
 * are both written by hand and checked
 * against each other by tests/api/http.test.mjs: the same operations both
 * ways (method and path), and each route's Swedish summary here is the
 * source of its operation's summary there (a difference fails the test;
 * change both). The statuses this file answers before a handler runs (405,
 * 401, 403, 413, 415, 429 on API_RATE_LIMITED routes, 500, 503) must be documented on every operation they
 * can reach; the same test checks that from the route flags. */
#include "api.h"
#include "../base/log.h"
#include "../domain/auth.h"
#include "../domain/rate_limit.h"
#include "../http/static_files.h"
#include "../store/conn.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

#define ANY (API_PUBLIC)
#define PW (API_BEFORE_PASSWORD)

const struct route api_routes[] = {
	{"GET", "/api/v1/health", api_health, ANY, "Hälsa"},
	{"GET", "/api/v1/openapi.json", api_openapi, ANY, "OpenAPI-dokumentet"},
	{"POST", "/api/v1/session", api_session_create, ANY | API_SAME_SITE, "Logga in"},
	{"GET", "/api/v1/session", api_session_get, PW, "Inloggad användare"},
	{"DELETE", "/api/v1/session", api_session_delete, PW | API_SAME_SITE, "Logga ut"},
	{"POST", "/api/v1/session/password", api_session_password, PW, "Byt lösenord"},
	{"GET", "/api/v1/orgs", api_orgs_list, 0, "Lista organisationer"},
	{"POST", "/api/v1/orgs", api_orgs_create, 0, "Skapa organisation"},
	{"GET", "/api/v1/orgs/{id}", api_orgs_get, 0, "Läs organisation"},
	{"PATCH", "/api/v1/orgs/{id}", api_orgs_update, 0, "Ändra organisation"},
	{"GET", "/api/v1/users", api_users_list, 0, "Lista användare"},
	{"POST", "/api/v1/users", api_users_create, 0, "Skapa användare"},
	{"GET", "/api/v1/users/{id}", api_users_get, 0, "Läs användare"},
	{"PATCH", "/api/v1/users/{id}", api_users_update, 0, "Ändra användare"},
	{"GET", "/api/v1/audit", api_audit_list, 0, "Läs loggen"},
	{"GET", "/api/v1/mail/outbox", api_mail_outbox, 0, "Lista e-postkön"},
	{"POST", "/api/v1/mail/test", api_mail_test, 0, "Skicka testmeddelande"},
	{"GET", "/api/v1/start", api_start, 0, "Startsidan: vad som ska göras nu"},
	/* interventions, volumes, attendees, target groups, settings */
	{"GET", "/api/v1/interventions", api_interventions_list, 0, "Lista insatser"},
	{"POST", "/api/v1/interventions", api_interventions_create, 0, "Skapa insats"},
	{"GET", "/api/v1/interventions/{id}", api_interventions_get, 0, "Läs insats"},
	{"PATCH", "/api/v1/interventions/{id}", api_interventions_update, 0, "Ändra insats"},
	{"GET", "/api/v1/interventions/{id}/volumes", api_volumes_list, 0, "Lista volymer"},
	{"POST", "/api/v1/interventions/{id}/volumes", api_volumes_create, 0, "Registrera volym"},
	{"GET", "/api/v1/interventions/{id}/attendees", api_attendees_list, 0, "Lista deltagare vid tillfällen"},
	{"POST", "/api/v1/interventions/{id}/attendees", api_attendees_create, 0, "Registrera deltagare vid tillfälle"},
	{"GET", "/api/v1/interventions/{id}/attendees/{attendee_id}", api_attendees_get, 0, "Läs deltagare vid tillfälle"},
	{"PATCH", "/api/v1/interventions/{id}/attendees/{attendee_id}", api_attendees_update, 0, "Ändra deltagare vid tillfälle"},
	{"DELETE", "/api/v1/interventions/{id}/attendees/{attendee_id}", api_attendees_delete, 0, "Ta bort deltagare vid tillfälle"},
	{"GET", "/api/v1/target-groups", api_target_groups_list, 0, "Lista målgrupper"},
	{"POST", "/api/v1/target-groups", api_target_groups_create, 0, "Skapa målgrupp"},
	{"PATCH", "/api/v1/target-groups/{code}", api_target_groups_update, 0, "Ändra målgrupp"},
	{"GET", "/api/v1/settings", api_settings_get, 0, "Läs inställningar"},
	{"PATCH", "/api/v1/settings", api_settings_update, 0, "Ändra inställningar"},

	/* participants, consents, enrolments, code lists, import */
	{"GET", "/api/v1/participants", api_participants_list, 0, "Lista deltagare"},
	{"POST", "/api/v1/participants", api_participants_create, 0, "Registrera deltagare"},
	{"POST", "/api/v1/participants/search", api_participants_search, 0, "Sök deltagare på personnummer eller namn"},
	{"POST", "/api/v1/participants/import", api_participants_import, API_UPLOAD, "Importera deltagare och inskrivningar (CSV)"},
	{"GET", "/api/v1/participants/import/template.csv", api_participants_import_template, 0, "Mall för import av deltagare (CSV)"},
	{"GET", "/api/v1/participants/{id}", api_participants_get, 0, "Läs deltagare"},
	{"PATCH", "/api/v1/participants/{id}", api_participants_update, 0, "Ändra deltagare"},
	{"GET", "/api/v1/participants/{id}/consents", api_consents_list, 0, "Samtyckeshistorik"},
	{"POST", "/api/v1/participants/{id}/consents", api_consents_create, 0, "Registrera samtycke"},
	{"GET", "/api/v1/participants/{id}/profile", api_profile_get, 0, "Läs arbetsprofil"},
	{"PUT", "/api/v1/participants/{id}/profile", api_profile_put, 0, "Spara arbetsprofil"},
	{"GET", "/api/v1/enrolments", api_enrolments_list, 0, "Lista inskrivningar"},
	{"POST", "/api/v1/enrolments", api_enrolments_create, 0, "Skriv in deltagare i insats"},
	{"GET", "/api/v1/enrolments/{id}", api_enrolments_get, 0, "Läs inskrivning"},
	{"PATCH", "/api/v1/enrolments/{id}", api_enrolments_update, 0, "Ändra inskrivning"},
	{"GET", "/api/v1/code-lists", api_code_lists_list, 0, "Kodlistor"},
	{"POST", "/api/v1/code-lists", api_code_lists_create, 0, "Ny kodlista (egen fråga)"},
	{"POST", "/api/v1/code-lists/{name}/codes", api_codes_create, 0, "Ny kod i en lista"},
	{"PATCH", "/api/v1/code-lists/{name}/codes/{code}", api_codes_update, 0, "Ändra kod"},

	/* reports */
	{"GET", "/api/v1/reports/participants", api_reports_participants, 0, "Unika deltagare per period"},
	{"GET", "/api/v1/reports/attendees", api_reports_attendees, 0, "Unika kursdeltagare per period"},
	{"GET", "/api/v1/reports/occupation", api_reports_occupation, 0, "Sysselsättning före och efter"},
	{"GET", "/api/v1/reports/work-or-studies", api_reports_work_or_studies, 0, "Andel i arbete eller studier"},
	{"GET", "/api/v1/reports/income-transitions", api_reports_income_transitions, 0, "Försörjning före och efter"},
	{"GET", "/api/v1/reports/interventions", api_reports_interventions, 0, "Insatsrapport"},
	{"GET", "/api/v1/reports/costs", api_reports_costs, 0, "Kostnadsrapport"},
	{"GET", "/api/v1/reports/funding", api_reports_funding, 0, "Finansiering mot riktvärde"},
	{"GET", "/api/v1/reports/goals", api_reports_goals, 0, "Måluppfyllelse"},
	{"GET", "/api/v1/reports/sus-export", api_reports_sus_export, 0, "SUS-export (CSV eller XLSX)"},

	/* employers, contact persons, networks */
	{"GET", "/api/v1/employers", api_employers_list, 0, "Sök arbetsgivare"},
	{"POST", "/api/v1/employers", api_employers_create, 0, "Registrera arbetsgivare"},
	{"POST", "/api/v1/employers/search", api_employers_search, 0, "Sök arbetsgivare på organisationsnummer (även enskild firma)"},
	{"GET", "/api/v1/employers/{id}", api_employers_get, 0, "Läs arbetsgivare"},
	{"PATCH", "/api/v1/employers/{id}", api_employers_update, 0, "Ändra arbetsgivare"},
	{"GET", "/api/v1/employers/{id}/persons", api_employer_persons_list, 0, "Kontaktpersoner hos arbetsgivaren"},
	{"POST", "/api/v1/employers/{id}/persons", api_employer_persons_create, 0, "Lägg till kontaktperson"},
	{"PATCH", "/api/v1/employers/{id}/persons/{person_id}", api_employer_persons_update, 0, "Ändra kontaktperson"},
	{"DELETE", "/api/v1/employers/{id}/persons/{person_id}", api_employer_persons_delete, 0, "Ta bort kontaktperson"},
	{"GET", "/api/v1/networks", api_networks_list, 0, "Lista nätverk"},
	{"POST", "/api/v1/networks", api_networks_create, 0, "Skapa nätverk"},

	/* recruitment needs */
	{"GET", "/api/v1/employers/{id}/needs", api_needs_list, 0, "Arbetsgivarens rekryteringsbehov"},
	{"POST", "/api/v1/employers/{id}/needs", api_needs_create, 0, "Registrera rekryteringsbehov"},
	{"PATCH", "/api/v1/employers/{id}/needs/{need_id}", api_needs_update, 0, "Ändra rekryteringsbehov"},

	/* opportunities: open places at employers, and matching (docs/matching.md) */
	{"GET", "/api/v1/opportunities", api_opportunities_list, 0, "Lista lediga platser"},
	{"POST", "/api/v1/opportunities", api_opportunities_create, 0, "Skapa ledig plats"},
	{"GET", "/api/v1/opportunities/{id}", api_opportunities_get, 0, "Läs ledig plats"},
	{"PATCH", "/api/v1/opportunities/{id}", api_opportunities_update, 0, "Ändra ledig plats"},
	{"GET", "/api/v1/opportunities/{id}/candidates", api_opportunity_candidates, 0, "Kandidater till platsen"},
	{"GET", "/api/v1/participants/{id}/matches", api_participant_matches, 0, "Matchande platser för deltagaren"},

	/* employer contacts (log, warnings, weekly list) and employer reports */
	{"GET", "/api/v1/employers/{id}/contacts", api_employer_contacts_list, 0, "Kontakthistorik för arbetsgivare"},
	{"POST", "/api/v1/employers/{id}/contacts", api_employer_contacts_create, 0, "Registrera kontakt med arbetsgivare"},
	{"PATCH", "/api/v1/employers/{id}/contacts/{contact_id}", api_employer_contacts_update, 0, "Rätta kontakt med arbetsgivare"},
	{"DELETE", "/api/v1/employers/{id}/contacts/{contact_id}", api_employer_contacts_delete, 0, "Ta bort kontakt med arbetsgivare"},
	{"GET", "/api/v1/employers/{id}/recent-contacts", api_employer_recent_contacts, 0, "Andra organisationers senaste kontakter"},
	{"GET", "/api/v1/employer-contacts", api_employer_contacts_week, 0, "Veckolista över arbetsgivarkontakter"},
	{"GET", "/api/v1/reports/employers", api_reports_employers, 0, "Näringslivsstruktur (SNI × storleksklass)"},
	{"GET", "/api/v1/reports/needs", api_reports_needs, 0, "Rekryteringsbehov per yrke och kommun"},
	{"GET", "/api/v1/reports/contacts", api_reports_contacts, 0, "Arbetsgivarkontakter per organisation och månad"},
	{"GET", "/api/v1/reports/ips", api_reports_ips, 0, "IPS-kontakter per användare och vecka"},

	/* employer trainings: courses and their sessions */
	{"GET", "/api/v1/courses", api_courses_list, 0, "Lista utbildningar"},
	{"POST", "/api/v1/courses", api_courses_create, 0, "Skapa utbildning"},
	{"GET", "/api/v1/courses/{id}", api_courses_get, 0, "Läs utbildning"},
	{"PATCH", "/api/v1/courses/{id}", api_courses_update, 0, "Ändra utbildning"},
	{"GET", "/api/v1/courses/{id}/sessions", api_course_sessions_list, 0, "Lista utbildningstillfällen"},
	{"POST", "/api/v1/courses/{id}/sessions", api_course_sessions_create, 0, "Skapa utbildningstillfälle"},
	{"GET", "/api/v1/sessions/{id}", api_sessions_get, 0, "Läs utbildningstillfälle"},
	{"PATCH", "/api/v1/sessions/{id}", api_sessions_update, 0, "Ändra utbildningstillfälle"},
	{"POST", "/api/v1/sessions/{id}/copy", api_sessions_copy, 0, "Kopiera utbildningstillfälle till en ny omgång"},
	{"GET", "/api/v1/trainers", api_trainers_list, 0, "Lista utbildare att välja för tillfällen"},
	/* registrations: the staff's side, then the public pages' (docs/trainings.md) */
	{"GET", "/api/v1/sessions/{id}/registrations", api_session_registrations_list, 0, "Lista anmälningar till utbildningstillfälle"},
	{"GET", "/api/v1/registrations/{id}", api_registrations_get, 0, "Läs anmälan"},
	{"PATCH", "/api/v1/registrations/{id}", api_registrations_update, 0, "Ändra anmälan (närvaro, avbokning)"},
	{"GET", "/api/v1/public/sessions/{token}", api_public_sessions_get, API_PUBLIC_PAGE, "Utbildningstillfällets anmälningssida"},
	{"POST", "/api/v1/public/sessions/{token}/registrations", api_public_registrations_create, API_PUBLIC_PAGE, "Anmäl dig till utbildningstillfälle"},
	{"GET", "/api/v1/public/registrations/{token}", api_public_registrations_get, API_PUBLIC_PAGE, "Läs anmälan via avbokningslänken"},
	{"DELETE", "/api/v1/public/registrations/{token}", api_public_registrations_delete, API_PUBLIC_PAGE, "Avboka anmälan via avbokningslänken"},
	/* employer trainings: surveys, their public page and their results */
	{"GET", "/api/v1/surveys", api_surveys_list, 0, "Lista enkäter"},
	{"POST", "/api/v1/surveys", api_surveys_create, 0, "Skapa enkät"},
	{"GET", "/api/v1/surveys/{id}", api_surveys_get, 0, "Läs enkät"},
	{"PATCH", "/api/v1/surveys/{id}", api_surveys_update, 0, "Ändra enkät"},
	{"GET", "/api/v1/public/surveys/{token}", api_public_surveys_get, API_PUBLIC_PAGE, "Enkäten bakom en personlig länk"},
	{"POST", "/api/v1/public/surveys/{token}/answers", api_public_surveys_answer, API_PUBLIC_PAGE, "Besvara enkät (en gång)"},
	{"GET", "/api/v1/reports/surveys", api_reports_surveys, 0, "Enkätresultat per fråga"},
	{"GET", "/api/v1/sessions/{id}/diplomas.pdf", api_session_diplomas, 0, "Hämta tillfällets diplom (PDF)"},
	{"GET", "/api/v1/registrations/{id}/diploma.pdf", api_registration_diploma, 0, "Hämta diplom (PDF)"},
	{"GET", "/api/v1/public/diplomas/{code}", api_public_diploma_check, API_PUBLIC_PAGE, "Kontrollera diplom"},
	{"GET", "/api/v1/reports/trainings", api_reports_trainings, 0, "Utbildningsrapport per tillfälle"},

	/* placements (docs/matching.md "Placements") */
	{"GET", "/api/v1/placements", api_placements_list, 0, "Lista placeringar"},
	{"POST", "/api/v1/placements", api_placements_create, 0, "Föreslå deltagare till en plats"},
	{"GET", "/api/v1/placements/{id}", api_placements_get, 0, "Läs placering"},
	{"PATCH", "/api/v1/placements/{id}", api_placements_update, 0, "Nästa steg i en placering"},
	{"GET", "/api/v1/reports/placements", api_reports_placements, 0, "Placeringar per form, yrke eller arbetsgivare"},

	/* SYV guidance times and their bookings (docs/plans.md "SYV-tider") */
	{"GET", "/api/v1/guidance-times", api_guidance_times_list, 0, "Lista SYV-tider"},
	{"POST", "/api/v1/guidance-times", api_guidance_times_create, 0, "Lägg ut SYV-tid eller en serie tider"},
	{"GET", "/api/v1/guidance-times/{id}", api_guidance_times_get, 0, "Läs SYV-tid"},
	{"PATCH", "/api/v1/guidance-times/{id}", api_guidance_times_update, 0, "Registrera utfall och återkoppling av vägledning"},
	{"DELETE", "/api/v1/guidance-times/{id}", api_guidance_times_delete, 0, "Ta bort obokad SYV-tid"},
	{"POST", "/api/v1/guidance-times/{id}/booking", api_guidance_booking_create, 0, "Boka SYV-tid för deltagare"},
	{"DELETE", "/api/v1/guidance-times/{id}/booking", api_guidance_booking_delete, 0, "Avboka SYV-tid"},
	{"GET", "/api/v1/participants/{id}/guidance", api_participant_guidance, 0, "Deltagarens SYV-bokningar"},
	{"GET", "/api/v1/reports/guidance", api_reports_guidance, 0, "SYV-bokningar genomförda och ej genomförda"},
	/* job tracks, their candidates and the admission funnel (docs/matching.md) */
	{"GET", "/api/v1/job-tracks", api_job_tracks_list, 0, "Lista jobbspår"},
	{"POST", "/api/v1/job-tracks", api_job_tracks_create, 0, "Skapa jobbspår"},
	{"GET", "/api/v1/job-tracks/{id}", api_job_tracks_get, 0, "Läs jobbspår"},
	{"PATCH", "/api/v1/job-tracks/{id}", api_job_tracks_update, 0, "Ändra jobbspår"},
	{"GET", "/api/v1/job-tracks/{id}/candidates", api_job_track_candidates_list, 0, "Jobbspårets kandidater"},
	{"POST", "/api/v1/job-tracks/{id}/candidates", api_job_track_candidates_create, 0, "Föreslå kandidat till jobbspår"},
	{"GET", "/api/v1/job-tracks/{id}/candidates/{candidate_id}", api_job_track_candidates_get, 0, "Läs kandidat med stegens historik"},
	{"PATCH", "/api/v1/job-tracks/{id}/candidates/{candidate_id}", api_job_track_candidates_update, 0, "Flytta kandidat till ett annat steg"},
	{"GET", "/api/v1/reports/job-tracks", api_reports_job_tracks, 0, "Jobbspårens antagningstratt"},
	{"GET", "/api/v1/reports/ips-fidelity", api_reports_ips_fidelity, 0, "IPS-mått per arbetsspecialist"},
	/* the KAA register (kaa.c; docs/kaa.md): the municipality's own KAA staff only */
	{"GET", "/api/v1/kaa/youths", api_kaa_youths_list, 0, "Lista unga i aktivitetsansvaret"},
	{"POST", "/api/v1/kaa/youths", api_kaa_youths_create, 0, "Registrera ung i aktivitetsansvaret"},
	{"POST", "/api/v1/kaa/youths/search", api_kaa_youths_search, 0, "Sök ung i aktivitetsansvaret på personnummer eller namn"},
	{"POST", "/api/v1/kaa/youths/import", api_kaa_import, API_UPLOAD, "Importera unga till aktivitetsansvaret (CSV)"},
	{"GET", "/api/v1/kaa/youths/{id}", api_kaa_youths_get, 0, "Läs ung i aktivitetsansvaret"},
	{"PATCH", "/api/v1/kaa/youths/{id}", api_kaa_youths_update, 0, "Ändra ung i aktivitetsansvaret"},
	{"POST", "/api/v1/kaa/youths/{id}/contacts", api_kaa_contacts_create, 0, "Registrera kontaktförsök"},
	{"POST", "/api/v1/kaa/youths/{id}/measures", api_kaa_measures_create, 0, "Registrera åtgärd"},
	{"PATCH", "/api/v1/kaa/youths/{id}/measures/{measure_id}", api_kaa_measures_update, 0, "Ändra åtgärd"},
	{"POST", "/api/v1/kaa/youths/{id}/participant", api_kaa_youths_move, 0, "Flytta till uppföljningen med samtycke"},
	{"GET", "/api/v1/reports/kaa", api_reports_kaa, 0, "Aktivitetsansvaret: unga per sysselsättning och kommun"},
	{"GET", "/api/v1/reports/kaa-scb", api_reports_kaa_scb, 0, "Aktivitetsansvaret: filen till SCB för ett halvår"},

	/* the joint plan: toolbox, plans, steps, versions (docs/plans.md) */
	{"GET", "/api/v1/toolbox", api_toolbox_list, 0, "Lista verktygslådan"},
	{"POST", "/api/v1/toolbox", api_toolbox_create, 0, "Lägg till verktyg i verktygslådan"},
	{"GET", "/api/v1/toolbox/{id}", api_toolbox_get, 0, "Läs verktyg"},
	{"PATCH", "/api/v1/toolbox/{id}", api_toolbox_update, 0, "Ändra verktyg"},
	{"GET", "/api/v1/participants/{id}/plans", api_participant_plans_list, 0, "Deltagarens gemensamma planer"},
	{"POST", "/api/v1/participants/{id}/plans", api_participant_plans_create, 0, "Upprätta gemensam plan"},
	{"GET", "/api/v1/plans", api_plans_list, 0, "Organisationens planer (och de att återaktualisera)"},
	{"GET", "/api/v1/plans/feedback", api_plan_feedback_list, 0, "Återkoppling i organisationens planer (olästa)"},
	{"GET", "/api/v1/plans/{id}", api_plans_get, 0, "Läs gemensam plan"},
	{"PATCH", "/api/v1/plans/{id}", api_plans_update, 0, "Ändra gemensam plan (mål, bedömning, paus, nästa möte)"},
	{"POST", "/api/v1/plans/{id}/steps", api_plan_steps_create, 0, "Lägg till steg i planen"},
	{"PATCH", "/api/v1/plans/{id}/steps/{step_id}", api_plan_steps_update, 0, "Ändra steg i planen"},
	{"GET", "/api/v1/plans/{id}/versions", api_plan_versions_list, 0, "Planens versioner"},
	{"GET", "/api/v1/plans/{id}/versions/{version}", api_plan_versions_get, 0, "Planen som den var i en version"},
	{"GET", "/api/v1/plans/{id}/pdf", api_plan_pdf, 0, "Planen som PDF för deltagaren"},
	{"POST", "/api/v1/plans/{id}/handovers", api_plan_handovers_create, 0, "Lämna över ansvaret för planen eller ett steg"},
	{"GET", "/api/v1/handovers", api_handovers_list, 0, "Organisationens överlämningar (inkorgen)"},
	{"GET", "/api/v1/handovers/{id}", api_handovers_get, 0, "Läs överlämning"},
	{"PATCH", "/api/v1/handovers/{id}", api_handovers_update, 0, "Ta över, avböj eller dra tillbaka en överlämning"},
	{"POST", "/api/v1/plans/{id}/feedback", api_plan_feedback_create, 0, "Skriv återkoppling i planen"},
	{"POST", "/api/v1/plans/{id}/feedback/read", api_plan_feedback_read, 0, "Markera planens återkoppling som läst"},
	{"GET", "/api/v1/reports/handovers", api_reports_handovers, 0, "Överlämningstider och avböjda per mottagande part"},
	{"GET", "/api/v1/reports/plan-stages", api_reports_plan_stages, 0, "Deltagare per steg på vägen till arbete"},

	/* employer import */
	{"POST", "/api/v1/employers/import", api_employers_import, API_UPLOAD, "Importera arbetsgivare ur ett företagsregister (CSV)"},

};
const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];

static struct api_config config;

void api_configure(const struct api_config *cfg)
{
	config = *cfg;
}

void api_problem_kind(int code, int *status_out, const char **type_out, const char **title_out)
{
	int status;
	const char *type, *title;
	switch (code) {
	case ERR_INVALID: status = 422, type = "validation", title = "Felaktiga uppgifter"; break;
	case ERR_MALFORMED: status = 400, type = "malformed", title = "Felaktig begäran"; break;
	case ERR_UNAUTH: status = 401, type = "unauthorized", title = "Inte inloggad"; break;
	case ERR_FORBIDDEN: status = 403, type = "forbidden", title = "Åtkomst nekad"; break;
	case ERR_MUST_CHANGE_PASSWORD: status = 403, type = "must-change-password", title = "Byt lösenord"; break;
	case ERR_NOT_FOUND: status = 404, type = "not-found", title = "Finns inte"; break;
	case ERR_CONFLICT: status = 409, type = "conflict", title = "Konflikt"; break;
	case ERR_TOO_MANY: status = 429, type = "too-many-attempts", title = "För många försök"; break;
	case ERR_BUSY: status = 503, type = "busy", title = "Databasen är upptagen"; break;
	default: status = 500, type = "internal", title = "Internt fel"; break;
	}
	*status_out = status, *type_out = type, *title_out = title;
}

void api_fail(struct request *r, const struct err *e)
{
	int status;
	const char *type, *title;
	/* A domain path that kept only "the database failed" (ERR_INTERNAL)
	 * after a lock it could not get is still a busy database: the request
	 * ran on this thread's connection, which remembers why its last call
	 * failed. */
	int code = e->code;
	if (code == ERR_INTERNAL && store_busy(store_thread_current())) code = ERR_BUSY;
	api_problem_kind(code, &status, &type, &title);
	if (status == 429)
		response_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)auth_config()->failure_window_s));
	if (status == 503) response_header(r, "Retry-After", API_BUSY_RETRY_AFTER);
	char path[256];
	if (status == 500) log_error("internal", "path=\"%s\" msg=\"%s\"", log_clean(path, sizeof path, r->path), e->msg);
	if (status == 503)
		log_warn("busy", "path=\"%s\" msg=\"%s\" wait_ms=%d", log_clean(path, sizeof path, r->path), e->msg,
			 store_busy_wait());
	response_problem(r, status, type, title, e->msg[0] ? e->msg : title, e);
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* A body that does not say it is JSON is refused before a handler reads
 * it. A page of any site can make the browser post text/plain,
 * application/x-www-form-urlencoded or multipart/form-data (an HTML form,
 * no CORS preflight), never application/json: with this, a cross-site
 * form cannot reach a JSON endpoint at all. Imports (API_UPLOAD) take
 * text/csv and check it themselves (api_csv_body). */
static bool is_json_media_type(const char *type)
{
	static const char json[] = "application/json";
	size_t n = sizeof json - 1;
	return type && strncasecmp(type, json, n) == 0 && (type[n] == 0 || type[n] == ';' || type[n] == ' ');
}

/* The effective port of an origin's authority: its own, or its scheme's. */
static long origin_port(const char *scheme, size_t scheme_len, const char *port)
{
	if (port) {
		char *end;
		long p = strtol(port, &end, 10);
		return *end || end == port || p <= 0 || p > 65535 ? -1 : p;
	}
	if (scheme_len == 4 && strncasecmp(scheme, "http", 4) == 0) return 80;
	if (scheme_len == 5 && strncasecmp(scheme, "https", 5) == 0) return 443;
	return -1;
}

/* "host[:port]" (host may be "[v6]") split at the port's colon: the host's
 * length, and the port or NULL. */
static size_t split_authority(const char *a, const char **port)
{
	const char *colon = a[0] == '[' ? strstr(a, "]:") : strrchr(a, ':');
	if (a[0] == '[' && colon) colon++;
	*port = colon ? colon + 1 : NULL;
	return colon ? (size_t)(colon - a) : strlen(a);
}

/* True when the request comes from a page of another site: the browser
 * says so (Sec-Fetch-Site), or its Origin names another host:port than
 * the Host it was sent to ("null": a sandboxed or opaque page). A request
 * without Origin (curl, integrations) is not a browser's cross-site one.
 * Host must be the one the browser used: behind a proxy, pass it on
 * (nginx: proxy_set_header Host $http_host). Without a port, Host means
 * the default port of the origin's scheme: the proxy terminates TLS. */
static bool cross_site(struct request *r)
{
	const char *site = request_header(r, "Sec-Fetch-Site");
	if (site && strcasecmp(site, "cross-site") == 0) return true;
	const char *origin = request_header(r, "Origin");
	if (!origin) return false;
	const char *host = request_header(r, "Host");
	const char *sep = strstr(origin, "://");
	if (!host || !sep) return true;
	char authority[256];
	size_t alen = strcspn(sep + 3, "/");
	if (alen == 0 || alen >= sizeof authority) return true;
	memcpy(authority, sep + 3, alen);
	authority[alen] = 0;
	const char *oport, *hport;
	size_t ohost = split_authority(authority, &oport), hhost = split_authority(host, &hport);
	long op = origin_port(origin, (size_t)(sep - origin), oport);
	long hp = hport ? origin_port("", 0, hport) : -1;
	if (op < 0 || ohost != hhost || strncasecmp(authority, host, ohost) != 0) return true;
	return hport ? hp != op : oport && op != origin_port(origin, (size_t)(sep - origin), NULL);
}

/* Runs the route's handler; again, up to API_CONFLICT_RETRIES times, when
 * it answered 503 because its transaction lost to a concurrent one
 * (store_conflicts: PostgreSQL's serialization failures and deadlocks).
 * Nothing of a lost transaction was written, so running the request again
 * is safe; its answer so far is dropped. A short random pause first, so
 * that the losers of one race do not meet again. After the last attempt
 * the 503 with Retry-After stands: the one answer a busy database gets on
 * either engine. */
static void run_retrying(const struct route *rt, struct request *r, struct ctx *c)
{
	struct store *db = c->db;
	struct http_kv *headers = r->resp_headers; /* set before the handler (authenticate): kept */
	for (int attempt = 0;; attempt++) {
		unsigned before = store_conflicts(db);
		rt->handler(r, c);
		if (r->status != 503 || store_conflicts(db) == before || attempt >= API_CONFLICT_RETRIES) return;
		if (r->resp && r->resp_mem == HTTP_MEM_FREE) free(r->resp);
		r->resp = NULL, r->resp_len = 0, r->status = 0, r->content_type = NULL, r->resp_headers = headers;
		r->cache_control = NULL;
		if (r->body_file) rewind(r->body_file);
		err_clear(&c->err);
		c->now[0] = 0;
		struct timespec nap = {0, (long)(1 + randombytes_uniform(5u << attempt)) * 1000000L};
		nanosleep(&nap, NULL);
		log_info("retry", "path=\"%s\" attempt=%d", rt->pattern, attempt + 1);
	}
}

/* Establishes c->actor from a bearer token or the session cookie. */
static int authenticate(struct request *r, struct ctx *c, struct actor *actor)
{
	const char *authz = request_header(r, "Authorization");
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0) return err_set(&c->err, ERR_UNAUTH, "Ogiltig Authorization-rubrik.");
		if (auth_token_resolve(c, authz + 7, actor) != 0) return c->err.code;
	} else {
		if (auth_session_resolve(c, request_cookie(r, "samsyn_session"), actor) != 0) return c->err.code;
		if (changes_state(r->method)) {
			const char *sent = request_header(r, "X-CSRF-Token");
			if (!sent || !auth_secret_equal(sent, actor->csrf_token))
				return err_set(&c->err, ERR_FORBIDDEN, "CSRF-token saknas eller är fel. Ladda om sidan.");
		}
	}
	c->actor = actor;
	r->log_user_id = actor->user_id;
	return 0;
}

void api_handle(struct request *r, void *unused)
{
	(void)unused;
	if (strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/api") != 0) {
		if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
			static_serve(r);
		} else {
			response_header(r, "Allow", "GET, HEAD");
			response_problem(r, 405, "method-not-allowed", "Metoden stöds inte", "Metoden stöds inte här.", NULL);
		}
		return;
	}
	const struct route *rt;
	int m = router_match(api_routes, api_routes_count, r, &rt);
	if (m == ROUTER_NO_PATH) {
		response_problem(r, 404, "not-found", "Finns inte", "Det finns ingen sådan resurs.", NULL);
		return;
	}
	if (m == ROUTER_NO_METHOD) {
		response_header(r, "Allow", router_allow(api_routes, api_routes_count, r));
		response_problem(r, 405, "method-not-allowed", "Metoden stöds inte", "Metoden stöds inte för den här resursen.", NULL);
		return;
	}
	/* Login CSRF: a forged login would put the victim's browser in the
	 * attacker's account. SameSite=Strict does not stop a cookie from
	 * being set by a cross-site POST's answer. */
	if ((rt->flags & API_SAME_SITE) && cross_site(r)) {
		response_problem(r, 403, "cross-site", "Åtkomst nekad",
				 "Inloggning och utloggning går bara att göra från Samsyns egna sidor.", NULL);
		return;
	}
	if (changes_state(r->method) && !(rt->flags & API_UPLOAD) &&
	    (r->body_len > 0 || request_header(r, "Content-Type")) && !is_json_media_type(request_header(r, "Content-Type"))) {
		response_header(r, "Accept", "application/json");
		response_problem(r, 415, "unsupported-media-type", "Fel innehållstyp",
				 "Skicka innehållet som JSON, med Content-Type: application/json.", NULL);
		return;
	}
	/* A public page's path is its secret (a survey link's token): the
	 * access log gets the route's pattern, so that a line with its time
	 * cannot tie an anonymous answer to the invitation it came from. */
	if (rt->flags & API_RATE_LIMITED) r->log_path = rt->pattern;
	struct store *db = store_thread();
	if (!db) {
		response_problem(r, 503, "unavailable", "Tjänsten är inte tillgänglig", "Databasen kan inte nås.", NULL);
		return;
	}
	struct ctx c;
	struct actor actor = {0};
	ctx_init(&c, db, &r->arena, NULL, r->addr);
	/* Counted in the database, so the limit holds across every server
	 * behind the load balancer (domain/rate_limit.h). */
	int retry_after = 0;
	int within = (rt->flags & API_RATE_LIMITED)
		? rate_limit_take(&c, r->addr, (int64_t)time(NULL),
				  config.public_rate_limit > 0 ? config.public_rate_limit : API_PUBLIC_RATE_LIMIT_DEFAULT, &retry_after)
		: 1;
	if (within < 0) {
		api_fail(r, &c.err);
		return;
	}
	if (within == 0) {
		response_header(r, "Retry-After", arena_printf(&r->arena, "%d", retry_after > 0 ? retry_after : 1));
		response_problem(r, 429, "too-many-requests", "För många förfrågningar",
				 "Du har skickat för många förfrågningar på kort tid. Vänta en stund och försök igen.", NULL);
		return;
	}
	if (!(rt->flags & API_PUBLIC)) {
		if (authenticate(r, &c, &actor) != 0) {
			api_fail(r, &c.err);
			return;
		}
		if (actor.must_change_password && !(rt->flags & API_BEFORE_PASSWORD)) {
			err_set(&c.err, ERR_MUST_CHANGE_PASSWORD, "Du måste byta ditt engångslösenord innan du fortsätter.");
			api_fail(r, &c.err);
			return;
		}
	}
	run_retrying(rt, r, &c);
}

bool api_may_upload(struct request *r, void *unused)
{
	(void)unused;
	const struct route *rt;
	if (router_match(api_routes, api_routes_count, r, &rt) != ROUTER_MATCH || !(rt->flags & API_UPLOAD)) return false;
	struct store *db = store_thread();
	if (!db) return false;
	struct ctx c;
	struct actor actor = {0};
	ctx_init(&c, db, &r->arena, NULL, r->addr);
	return authenticate(r, &c, &actor) == 0 && !actor.must_change_password;
}

/* Not readable by scripts, never sent cross-site. */
const char *api_session_cookie(struct request *r, const char *token, bool clear)
{
	return arena_printf(&r->arena, "samsyn_session=%s; HttpOnly; SameSite=Strict; Path=/%s%s", clear ? "" : token,
			    clear ? "; Max-Age=0" : "", config.secure_cookies || r->tls ? "; Secure" : "");
}
