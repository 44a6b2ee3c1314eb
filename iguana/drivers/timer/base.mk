BASE_timer := 0x1400000
