/* diplomas.c — the diploma benchmark of issue 13 (bench/diplomas.sh): draws
 * N diplomas (500 unless told) into one PDF with src/report/diploma.c,
 * the way the session's "every diploma" download will, and prints the time
 * and the size. Writes the PDF to OUT_FILE when given, to look at.
 *   diplomas [N] [OUT_FILE] */
#include "report/diploma.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 500;
	if (n == 0) {
		fprintf(stderr, "diplomas: N must be 1 or more\n");
		return 2;
	}
	static const char *const first[] = {"Åsa", "Örjan", "Märta", "Björn", "Zoë", "Ängla", "Håkan", "Renée"};
	static const char *const last[] = {"Öberg", "Ångström", "Lindqvist", "Sjöö", "Bäckström", "Nordén"};
	struct diploma *d = calloc(n, sizeof *d);
	char (*names)[64] = calloc(n, sizeof *names);
	char (*codes)[DIPLOMA_CODE_SIZE] = calloc(n, sizeof *codes);
	if (!d || !names || !codes) return 1;
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "%s %s", first[i % 8], last[(i / 8) % 6]);
		if (diploma_code_new(codes[i]) != 0) return 1;
		d[i] = (struct diploma){names[i], "Diplomerad mentor", "Mentorskap grundutbildning", "2026-12-02",
					"Samordningsförbundet Östra Södertörn", codes[i]};
	}
	struct err e;
	err_clear(&e);
	unsigned char *pdf;
	size_t len;
	double start = seconds_now();
	if (diploma_render_pdf(d, n, "https://samsyn.example.se/diplom", &pdf, &len, &e) != 0) {
		fprintf(stderr, "diplomas: %s\n", e.msg);
		return 1;
	}
	double took = seconds_now() - start;
	printf("diplomas=%zu seconds=%.3f bytes=%zu per_diploma_ms=%.2f\n", n, took, len, took * 1000 / (double)n);
	if (argc > 2) {
		FILE *f = fopen(argv[2], "wb");
		if (!f || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
			fprintf(stderr, "diplomas: cannot write %s\n", argv[2]);
			return 1;
		}
	}
	free(pdf);
	free(codes);
	free(names);
	free(d);
	return 0;
}
