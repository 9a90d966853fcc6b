/* size_class.h — the API's employer size classes (number of employees):
 * "0", "1-4", "5-9", "10-19", "20-49", "50-99", "100-199", "200-499", "500+",
 * and their mapping from SCB's company register code table anstklkoder
 * (0–16) and from a head count. No class means the size is unknown. */
#ifndef SAMSYN_SIZE_CLASS_H
#define SAMSYN_SIZE_CLASS_H
#include <stdbool.h>

#define SIZE_CLASS_COUNT 9

/* The classes, smallest first (the order for reports). */
extern const char *const size_class_list[SIZE_CLASS_COUNT];

/* True if s is exactly one of the classes. */
bool size_class_valid(const char *s);
/* s's position in size_class_list, or -1 if it is not a class. */
int size_class_index(const char *s);
/* SCB's anstklkod: 1 (0 employees) … 8 (200-499) map one to one, 9–16
 * (500 and more) all to "500+". NULL for 0 ("uppgift saknas") and for any
 * other number. */
const char *size_class_from_scb(int code);
/* The class of a head count; NULL if n < 0. */
const char *size_class_from_employees(long n);

#endif
