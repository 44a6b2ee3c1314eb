BASE_eagerd := 0x4c00000
