BASE_client1 := 0x3c00000
