/* sex.h — the two sexes of Swedish records (personnummer, SCB statistics): the
 * API's codes female and male and their Swedish labels, written here once for
 * the server. The UI has them as SEX_LABELS and SEX_PLURAL_LABELS in
 * web/src/labels.ts; tests/unit/test_sex.c checks that the two agree (two short
 * lists do not earn a generator). */
#ifndef SAMSYN_SEX_H
#define SAMSYN_SEX_H

/* "Kvinna" for female, "Man" for male, NULL for any other code: a person's sex,
 * and whether code is one at all. */
const char *sex_label(const char *code);
/* "Kvinnor" for female, "Män" for male, NULL for any other code: a column of
 * counts. */
const char *sex_plural(const char *code);

#endif
