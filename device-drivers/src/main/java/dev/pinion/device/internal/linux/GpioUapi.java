package dev.pinion.device.internal.linux;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The GPIO character device v2 uAPI ({@code linux/gpio.h}): struct layouts, flags and ioctl numbers. The layouts
 * are written from the header's definitions; a test compiles a C probe against the installed kernel headers and
 * compares every size, offset and request number.
 */
public final class GpioUapi {
    private GpioUapi() {}

    public static final int GPIO_MAX_NAME_SIZE = 32, GPIO_V2_LINES_MAX = 64, GPIO_V2_LINE_NUM_ATTRS_MAX = 10;
    private static final int MAGIC = 0xB4;

    public static final long FLAG_USED = 1L, FLAG_ACTIVE_LOW = 1L << 1, FLAG_INPUT = 1L << 2,
            FLAG_OUTPUT = 1L << 3, FLAG_EDGE_RISING = 1L << 4, FLAG_EDGE_FALLING = 1L << 5,
            FLAG_OPEN_DRAIN = 1L << 6, FLAG_OPEN_SOURCE = 1L << 7, FLAG_BIAS_PULL_UP = 1L << 8,
            FLAG_BIAS_PULL_DOWN = 1L << 9, FLAG_BIAS_DISABLED = 1L << 10;
    public static final int ATTR_ID_FLAGS = 1, ATTR_ID_OUTPUT_VALUES = 2, ATTR_ID_DEBOUNCE = 3;
    public static final int EVENT_RISING_EDGE = 1, EVENT_FALLING_EDGE = 2;

    /** struct gpiochip_info { char name[32]; char label[32]; __u32 lines; } */
    public static final StructLayout CHIP_INFO = structLayout(
            sequenceLayout(GPIO_MAX_NAME_SIZE, JAVA_BYTE).withName("name"),
            sequenceLayout(GPIO_MAX_NAME_SIZE, JAVA_BYTE).withName("label"),
            JAVA_INT.withName("lines"));

    /** struct gpio_v2_line_attribute { __u32 id; __u32 padding; union { __aligned_u64 flags, values; __u32 debounce_period_us; }; } */
    public static final StructLayout LINE_ATTRIBUTE = structLayout(
            JAVA_INT.withName("id"), JAVA_INT.withName("padding"), JAVA_LONG.withName("value"));

    /** struct gpio_v2_line_config_attribute { struct gpio_v2_line_attribute attr; __aligned_u64 mask; } */
    public static final StructLayout LINE_CONFIG_ATTRIBUTE = structLayout(
            LINE_ATTRIBUTE.withName("attr"), JAVA_LONG.withName("mask"));

    /** struct gpio_v2_line_config { __aligned_u64 flags; __u32 num_attrs; __u32 padding[5]; attrs[10]; } */
    public static final StructLayout LINE_CONFIG = structLayout(
            JAVA_LONG.withName("flags"), JAVA_INT.withName("num_attrs"),
            sequenceLayout(5, JAVA_INT).withName("padding"),
            sequenceLayout(GPIO_V2_LINE_NUM_ATTRS_MAX, LINE_CONFIG_ATTRIBUTE).withName("attrs"));

    /**
     * struct gpio_v2_line_request { __u32 offsets[64]; char consumer[32]; struct gpio_v2_line_config config;
     * __u32 num_lines; __u32 event_buffer_size; __u32 padding[5]; __s32 fd; }
     */
    public static final StructLayout LINE_REQUEST = structLayout(
            sequenceLayout(GPIO_V2_LINES_MAX, JAVA_INT).withName("offsets"),
            sequenceLayout(GPIO_MAX_NAME_SIZE, JAVA_BYTE).withName("consumer"),
            LINE_CONFIG.withName("config"),
            JAVA_INT.withName("num_lines"), JAVA_INT.withName("event_buffer_size"),
            sequenceLayout(5, JAVA_INT).withName("padding"), JAVA_INT.withName("fd"));

    /**
     * struct gpio_v2_line_info { char name[32]; char consumer[32]; __u32 offset; __u32 num_attrs;
     * __aligned_u64 flags; struct gpio_v2_line_attribute attrs[10]; __u32 padding[4]; }
     */
    public static final StructLayout LINE_INFO = structLayout(
            sequenceLayout(GPIO_MAX_NAME_SIZE, JAVA_BYTE).withName("name"),
            sequenceLayout(GPIO_MAX_NAME_SIZE, JAVA_BYTE).withName("consumer"),
            JAVA_INT.withName("offset"), JAVA_INT.withName("num_attrs"), JAVA_LONG.withName("flags"),
            sequenceLayout(GPIO_V2_LINE_NUM_ATTRS_MAX, LINE_ATTRIBUTE).withName("attrs"),
            sequenceLayout(4, JAVA_INT).withName("padding"));

    /** struct gpio_v2_line_values { __aligned_u64 bits; __aligned_u64 mask; } */
    public static final StructLayout LINE_VALUES = structLayout(JAVA_LONG.withName("bits"), JAVA_LONG.withName("mask"));

    /**
     * struct gpio_v2_line_event { __aligned_u64 timestamp_ns; __u32 id; __u32 offset; __u32 seqno;
     * __u32 line_seqno; __u32 padding[6]; }
     */
    public static final StructLayout LINE_EVENT = structLayout(
            JAVA_LONG.withName("timestamp_ns"), JAVA_INT.withName("id"), JAVA_INT.withName("offset"),
            JAVA_INT.withName("seqno"), JAVA_INT.withName("line_seqno"),
            sequenceLayout(6, JAVA_INT).withName("padding"));

    public static final long GPIO_GET_CHIPINFO_IOCTL = Libc.ior(MAGIC, 0x01, CHIP_INFO.byteSize());
    public static final long GPIO_V2_GET_LINEINFO_IOCTL = Libc.iowr(MAGIC, 0x05, LINE_INFO.byteSize());
    public static final long GPIO_V2_GET_LINE_IOCTL = Libc.iowr(MAGIC, 0x07, LINE_REQUEST.byteSize());
    public static final long GPIO_V2_LINE_SET_CONFIG_IOCTL = Libc.iowr(MAGIC, 0x0D, LINE_CONFIG.byteSize());
    public static final long GPIO_V2_LINE_GET_VALUES_IOCTL = Libc.iowr(MAGIC, 0x0E, LINE_VALUES.byteSize());
    public static final long GPIO_V2_LINE_SET_VALUES_IOCTL = Libc.iowr(MAGIC, 0x0F, LINE_VALUES.byteSize());

    /** Byte offset of a (possibly nested) field, for the layout test and the providers. */
    public static long offset(StructLayout s, String... path) {
        MemoryLayout.PathElement[] p = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) p[i] = MemoryLayout.PathElement.groupElement(path[i]);
        return s.byteOffset(p);
    }

}
