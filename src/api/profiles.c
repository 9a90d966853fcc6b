/* profiles.c — /participants/{id}/profile, a participant's work profile
 * (docs/matching.md "Work profile"): JSON ↔ struct work_profile. PUT
 * replaces the whole profile; a list or value left out is emptied. */
#include "api.h"
#include "../domain/matching/profile.h"

#define LIST(m) {.name = #m, .kind = API_TEXTS, .at = offsetof(struct work_profile, m), \
		 .n = offsetof(struct work_profile, n##m), .flags = API_NULL_EMPTY}
static const struct api_field profile_fields[] = {
	API_OUT_FIELD(API_INT, struct work_profile, participant_id),
	LIST(occupations),
	LIST(municipality_codes),
	API_FIELD(API_BOOL, struct work_profile, driving_licence),
	API_FIELD(API_TEXT, struct work_profile, swedish_level),
	API_FIELD(API_BOOL, struct work_profile, upper_secondary),
	LIST(certificates),
	LIST(open_to),
	{.name = "hours_per_week", .kind = API_INT, .at = offsetof(struct work_profile, hours_per_week),
	 .known = API_AT(struct work_profile, has_hours_per_week)},
	API_FIELD(API_TEXT, struct work_profile, limitations),
	API_OUT_FIELD(API_TEXT, struct work_profile, updated_at),
	API_END,
};
#undef LIST

void api_profile_get(struct request *r, struct ctx *c)
{
	struct work_profile p;
	api_reply(r, c, work_profile_get(c, api_id_param(r, 0), &p) == 0, 200, profile_fields, &p);
}

void api_profile_put(struct request *r, struct ctx *c)
{
	struct work_profile in, out;
	bool ok = api_read_body(r, c, profile_fields, &in, sizeof in) &&
		  work_profile_put(c, api_id_param(r, 0), &in, &out) == 0;
	api_reply(r, c, ok, 200, profile_fields, &out);
}
