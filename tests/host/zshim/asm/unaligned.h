/* Host shim: an unaligned load of a long (the host, like arm64, allows them). */
#define get_unaligned(p) ({ unsigned long v_; __builtin_memcpy(&v_, (p), sizeof(v_)); v_; })
