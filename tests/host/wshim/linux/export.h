/* Host shim for os-L4's wordstring.c. */
#define EXPORT_SYMBOL(sym)
