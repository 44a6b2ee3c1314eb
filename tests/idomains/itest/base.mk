BASE_itest := 0x3000000
