BASE_wprobe := 0x5400000
