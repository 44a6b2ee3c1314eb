BASE_hello := 0x2000000
