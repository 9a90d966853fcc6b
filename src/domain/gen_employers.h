/* gen_employers.h — `samsyn gen employers-csv`: a synthetic company register
 * extract for the import benchmark (bench/employers.sh) and demos: valid
 * organisationsnummer (and sole traders' personnummer), real SNI 2007 detail
 * codes, SCB-like size classes and the 290 municipalities. Deterministic:
 * the same count and seed give the same file. */
#ifndef SAMSYN_GEN_EMPLOYERS_H
#define SAMSYN_GEN_EMPLOYERS_H
#include <stdint.h>
#include <stdio.h>

#define GEN_EMPLOYERS_MAX 10000000

/* Writes the header orgnr,name,sni_code,size_class,municipality_code and n
 * rows to f. Returns 0, or -1 when writing failed. */
int gen_employers_csv(FILE *f, int64_t n, uint64_t seed);

#endif
