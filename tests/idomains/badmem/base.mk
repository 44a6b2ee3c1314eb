BASE_badmem := 0x3400000
