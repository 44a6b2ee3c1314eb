BASE_client2 := 0x4000000
