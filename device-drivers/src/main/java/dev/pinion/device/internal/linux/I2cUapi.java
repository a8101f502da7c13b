package dev.pinion.device.internal.linux;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;

/**
 * {@code linux/i2c-dev.h} and {@code linux/i2c.h}: the I2C_RDWR message structs (whose size depends on the
 * platform's pointer width: 16 bytes on arm64, 12 on armhf) and the request numbers, which i2c-dev defines as
 * plain numbers rather than _IOC encodings.
 */
public final class I2cUapi {
    private I2cUapi() {}

    public static final long I2C_SLAVE = 0x0703, I2C_FUNCS = 0x0705, I2C_RDWR = 0x0707;
    public static final int I2C_M_RD = 0x0001;
    public static final long I2C_FUNC_I2C = 0x00000001;
    /** Most messages one I2C_RDWR may carry (I2C_RDWR_IOCTL_MAX_MSGS). */
    public static final int MAX_MSGS = 42;

    /** struct i2c_msg { __u16 addr; __u16 flags; __u16 len; __u8 *buf; } */
    public static final StructLayout MSG = pad(structLayout(
            JAVA_SHORT.withName("addr"), JAVA_SHORT.withName("flags"), JAVA_SHORT.withName("len"),
            paddingLayout(2), ADDRESS.withName("buf")));

    /** struct i2c_rdwr_ioctl_data { struct i2c_msg *msgs; __u32 nmsgs; } */
    public static final StructLayout RDWR_DATA = pad(structLayout(ADDRESS.withName("msgs"), JAVA_INT.withName("nmsgs")));

    /** Trailing padding to the struct's alignment, as the C compiler adds it. */
    private static StructLayout pad(StructLayout s) {
        long align = s.byteAlignment();
        long rem = s.byteSize() % align;
        if (rem == 0) return s;
        java.util.List<java.lang.foreign.MemoryLayout> m = new java.util.ArrayList<>(s.memberLayouts());
        m.add(paddingLayout(align - rem));
        return structLayout(m.toArray(java.lang.foreign.MemoryLayout[]::new));
    }
}
