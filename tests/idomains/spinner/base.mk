BASE_spinner := 0x3800000
