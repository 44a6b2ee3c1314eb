/* Host shim for os-L4's wordstring.c: the declarations come from the test. */
