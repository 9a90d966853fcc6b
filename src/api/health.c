/* health.c — GET /health and the OpenAPI document, both without login. */
#include "api.h"
#include "../base/embed.h"
#include "../domain/health.h"

#ifndef SAMSYN_VERSION
#define SAMSYN_VERSION "0.0.0"
#endif

void api_health(struct request *r, struct ctx *c)
{
	struct health h;
	health_check(c, &h);
	bool ok = h.db && h.reads;
	struct jsonw w;
	jw_init(&w);
	jw_object(&w);
	jw_kstring(&w, "status", ok ? "ok" : "degraded");
	jw_kstring(&w, "version", SAMSYN_VERSION);
	jw_kstring(&w, "db", h.db ? "ok" : "error");
	jw_kstring(&w, "reads", h.reads ? "ok" : "error");
	jw_object_end(&w);
	response_json(r, ok ? 200 : 503, &w);
}

void api_openapi(struct request *r, struct ctx *c)
{
	(void)c;
	const struct embedded_file *f = embed_find(embedded_assets, embedded_assets_count, "openapi.json");
	response_body(r, 200, "application/json", (char *)f->data, f->len, HTTP_MEM_KEEP);
}
