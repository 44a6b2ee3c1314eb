/* Our vformat under another name, so it can sit beside the C library's printf. */
#define vsnprintf our_vsnprintf
#define snprintf our_snprintf
#define vformat our_vformat
#include "../../lib/libc/src/fmt.c"
