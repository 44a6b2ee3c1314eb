BASE_console := 0x1c00000
