BASE_rtmon := 0x5000000
