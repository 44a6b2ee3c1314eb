/* The libgcc helpers the compiler calls on riscv64 without Zbb (user
 * programs link without libgcc): bit counts. */
int __ctzdi2(unsigned long x);
int __clzdi2(unsigned long x);
int __popcountdi2(unsigned long x);

int __ctzdi2(unsigned long x)
{
	int n = 0;
	for (; !(x & 1) && n < 64; x >>= 1)
		n++;
	return n;
}

int __clzdi2(unsigned long x)
{
	int n = 0;
	for (; !(x >> 63) && n < 64; x <<= 1)
		n++;
	return n;
}

int __popcountdi2(unsigned long x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}
