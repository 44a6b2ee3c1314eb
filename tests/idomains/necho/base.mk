BASE_necho := 0x7c00000
