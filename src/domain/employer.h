/* employer.h — the shared employer register (docs/employers.md): employers
 * with their workplaces and network memberships, contact persons at the
 * employer (personal data: every read and change audited) and networks.
 * Every logged-in user reads; admin, kansli, employer_contact and
 * case_worker write. */
#ifndef SAMSYN_EMPLOYER_H
#define SAMSYN_EMPLOYER_H
#include "ctx.h"
#include "../se/sni.h"

struct employer_network {
	int64_t id;
	const char *name;
	const char *description; /* NULL when none */
};

struct employer_workplace {
	int64_t id;
	const char *name;
	const char *address, *municipality_code; /* NULL when none */
};

struct employer {
	int64_t id;
	const char *orgnr; /* 10 digits; a sole trader's is a personnummer: never in a URL or log */
	bool sole_trader;
	const char *name;
	const char *sni_code, *sni_section, *size_class, *municipality_code;
	const char *address, *postal_code, *city, *website;
	int64_t main_contact_user_id; /* 0: none */
	const char *main_contact_user_name; /* read only; NULL when none */
	struct employer_network *networks;
	size_t nnetworks;
	struct employer_workplace *workplaces;
	size_t nworkplaces;
	const char *created_at, *updated_at;
};

/* What POST and PATCH send. Create ignores the has_ flags (absent is
 * empty); PATCH changes only the fields whose has_ flag is set. network_ids
 * and workplaces replace the whole set when given. */
struct employer_input {
	const char *orgnr, *name, *sni_code, *size_class, *municipality_code;
	const char *address, *postal_code, *city, *website;
	int64_t main_contact_user_id;
	const int64_t *network_ids;
	size_t nnetwork_ids;
	struct employer_workplace *workplaces;
	size_t nworkplaces;
	bool has_orgnr, has_name, has_sni_code, has_size_class, has_municipality_code;
	bool has_address, has_postal_code, has_city, has_website, has_main_contact_user_id;
	bool has_network_ids, has_workplaces;
	/* Derived, read only: may be sent back as read, a different value is
	 * refused (a client may send the whole object it got). */
	const char *sni_section;
	bool sole_trader;
	bool has_sni_section, has_sole_trader;
};

/* Search of GET /employers. All optional (NULL / 0). */
struct employer_filter {
	const char *q;                 /* name prefix, or a legal person's whole orgnr */
	const char *sni;               /* section letter or SNI code prefix (any level) */
	const char *municipality_code;
	const char *size_class;
	int64_t network_id;
	const char *ssyk;              /* SSYK prefix: has an active recruitment need */
};

struct employer_list {
	struct employer *items; /* without networks and workplaces */
	size_t n;
	int64_t total;
};

bool employer_can_write(const struct actor *a);

/* 0 when employer id exists; ERR_NOT_FOUND ("Arbetsgivaren finns inte.")
 * or ERR_INTERNAL otherwise. For the employer's sub-resources. */
int employer_exists(struct ctx *c, int64_t id);

/* An employer's SNI code: 2–5 digits, a dot allowed (a section letter
 * alone is not enough: the section is derived). Writes the normalized code
 * to out and returns NULL, or returns the Swedish reason. */
const char *employer_sni_check(const char *code, char out[SNI_CODE_SIZE]);

int employer_create(struct ctx *c, const struct employer_input *in, struct employer *out);
int employer_update(struct ctx *c, int64_t id, const struct employer_input *in, struct employer *out);
/* A sole trader's record holds a personnummer: reading one is audited. */
int employer_get(struct ctx *c, int64_t id, struct employer *out);
/* Invalid filter values give ERR_INVALID with the parameter named. A
 * sole trader's number in q is refused: it goes through employer_find_orgnr. */
int employer_list(struct ctx *c, const struct employer_filter *f, const struct page *p, struct employer_list *out);
/* POST /employers/search {"orgnr"}: any valid orgnr including a sole
 * trader's; a list of zero or one (the read of a sole trader audited). */
int employer_find_orgnr(struct ctx *c, const char *orgnr, struct employer_list *out);

/* Contact persons at an employer. */
struct employer_person {
	int64_t id, employer_id;
	const char *name;
	const char *role, *phone, *email; /* NULL when none */
};
struct employer_person_input {
	const char *name, *role, *phone, *email;
	bool has_name, has_role, has_phone, has_email;
};
struct employer_person_list {
	struct employer_person *items;
	size_t n;
	int64_t total;
};
/* Every person listed gets a `read employer_person ID` event. */
int employer_person_list(struct ctx *c, int64_t employer_id, const struct page *p, struct employer_person_list *out);
int employer_person_create(struct ctx *c, int64_t employer_id, const struct employer_person_input *in,
			   struct employer_person *out);
int employer_person_update(struct ctx *c, int64_t employer_id, int64_t person_id,
			   const struct employer_person_input *in, struct employer_person *out);
int employer_person_delete(struct ctx *c, int64_t employer_id, int64_t person_id);

/* Networks: everyone reads; admin, kansli and employer_contact create. */
struct network_list {
	struct employer_network *items;
	size_t n;
	int64_t total;
};
int network_list(struct ctx *c, const struct page *p, struct network_list *out);
int network_create(struct ctx *c, const struct employer_network *in, struct employer_network *out);

#endif
