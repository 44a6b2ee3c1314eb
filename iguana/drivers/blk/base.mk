BASE_blk := 0x7000000
USES_blk := iguana/drivers/virtio
