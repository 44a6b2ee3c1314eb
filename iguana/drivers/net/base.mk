BASE_net := 0x7800000
USES_net := iguana/drivers/virtio
