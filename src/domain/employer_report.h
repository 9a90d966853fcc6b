/* employer_report.h — the employer reports of docs/employers.md: the
 * industry structure of the register (SNI × size class per municipality),
 * recruitment needs by occupation and municipality, contact activity per
 * organisation and month, and IPS contacts per user and ISO week. Plain
 * report tables (counts of employers and contacts, not of people: no split
 * by sex), with suppress=N as in the follow-up reports. Every logged-in user
 * reads the first three; the IPS report, which counts per named user, the
 * same users as the contact log (employer_contact.h). */
#ifndef SAMSYN_DOMAIN_EMPLOYER_REPORT_H
#define SAMSYN_DOMAIN_EMPLOYER_REPORT_H
#include "report.h"

/* p->by: one or two of sni_section (default: sni_section,size_class),
 * sni_division, size_class, municipality, comma-separated.
 * municipality_codes: NULL for all, or kommun codes comma-separated. */
int employer_report_structure(struct ctx *c, struct report_params *p, const char *municipality_codes,
			      struct report_table *out);
/* p->by: ssyk (default), municipality, or both. Active needs: the headcount
 * and the number of employers. */
int employer_report_needs(struct ctx *c, struct report_params *p, struct report_table *out);
/* p->by: one or two of org, month, channel, purpose (default org,month);
 * contacts dated in p->from..p->to (default: this year). */
int employer_report_contacts(struct ctx *c, struct report_params *p, struct report_table *out);
/* Contacts with an IPS stage per user and ISO week in p->from..p->to. */
int employer_report_ips(struct ctx *c, struct report_params *p, struct report_table *out);

#endif
