BASE_rtbench := 0x4800000
