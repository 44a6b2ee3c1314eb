BASE_drvrestart := 0x8000000
