/* Iguana's config parser against the host C library (our snprintf renamed away). */
#include <stdio.h>
#include <stdlib.h>
#define snprintf snprintf
#include "../../iguana/server/config.c"
