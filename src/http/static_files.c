/* static_files.c — in-memory static file table (the UI is a few hundred kB). */
#include "static_files.h"
#include "../base/log.h"
#include "../base/mem.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct static_file {
	char *path;  /* "/assets/index-abc.js" */
	char *data;
	size_t len;
	const char *mime;
	const char *cache;
};

static struct static_file *files;
static size_t nfiles, capfiles;

const char *static_mime_type(const char *path)
{
	static const struct { const char *ext, *mime; } types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{".ico", "image/x-icon"},
		{".woff", "font/woff"},
		{".woff2", "font/woff2"},
		{".ttf", "font/ttf"},
		{".txt", "text/plain; charset=utf-8"},
		{".map", "application/json"},
	};
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot, types[i].ext) == 0) return types[i].mime;
	return "application/octet-stream";
}

static int load_file(const char *fs_path, const char *url_path)
{
	FILE *f = fopen(fs_path, "rb");
	if (!f) return -1;
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		fclose(f);
		return -1;
	}
	char *data = xmalloc((size_t)st.st_size + 1);
	size_t got = fread(data, 1, (size_t)st.st_size, f);
	fclose(f);
	if (got != (size_t)st.st_size) {
		free(data);
		return -1;
	}
	if (nfiles == capfiles) {
		capfiles = capfiles ? capfiles * 2 : 64;
		files = xrealloc(files, capfiles * sizeof *files);
	}
	struct static_file *sf = &files[nfiles++];
	sf->path = xstrdup(url_path);
	sf->data = data;
	sf->len = got;
	sf->mime = static_mime_type(url_path);
	/* Vite puts content-hashed names under /assets/: cache them for good. */
	sf->cache = strncmp(url_path, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
	return 0;
}

static int walk(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (!d) return -1;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.') continue;
		size_t fl = strlen(dir) + strlen(de->d_name) + 2, ul = strlen(prefix) + strlen(de->d_name) + 2;
		char *fs = xmalloc(fl), *url = xmalloc(ul);
		snprintf(fs, fl, "%s/%s", dir, de->d_name);
		snprintf(url, ul, "%s/%s", prefix, de->d_name);
		struct stat st;
		if (stat(fs, &st) == 0) {
			if (S_ISDIR(st.st_mode)) walk(fs, url);
			else if (S_ISREG(st.st_mode)) load_file(fs, url);
		}
		free(fs);
		free(url);
	}
	closedir(d);
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct static_file *)a)->path, ((const struct static_file *)b)->path);
}

int static_load(const char *root)
{
	static_free();
	if (walk(root, "") != 0) return -1;
	qsort(files, nfiles, sizeof *files, cmp_file);
	return (int)nfiles;
}

void static_free(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		free(files[i].data);
	}
	free(files);
	files = NULL;
	nfiles = capfiles = 0;
}

static const struct static_file *find(const char *path)
{
	struct static_file key = {.path = (char *)path};
	return bsearch(&key, files, nfiles, sizeof *files, cmp_file);
}

void static_serve(struct request *r)
{
	const char *path = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
	const struct static_file *f = find(path);
	if (!f) {
		/* SPA fallback: a path without a file extension is a UI route. */
		const char *last = strrchr(path, '/');
		if (!strchr(last ? last : path, '.')) f = find("/index.html");
	}
	if (!f) {
		response_body(r, 404, "text/plain; charset=utf-8", "Sidan finns inte.\n", 18, HTTP_MEM_KEEP);
		return;
	}
	r->cache_control = f->cache;
	response_body(r, 200, f->mime, f->data, f->len, HTTP_MEM_KEEP);
}
