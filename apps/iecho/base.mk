BASE_iecho := 0x8800000
