package dev.pinion.device.internal.linux;

import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.SpiDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * An SPI device through spidev ({@code linux/spi/spidev.h}): mode, word size and clock are set once at open
 * (SPI_IOC_WR_MODE, _BITS_PER_WORD, _MAX_SPEED_HZ); each transfer is one SPI_IOC_MESSAGE(1), full duplex.
 */
final class LinuxSpi implements SpiDevice, AutoCloseable {
    static final int MAGIC = 'k';

    /**
     * struct spi_ioc_transfer { __u64 tx_buf; __u64 rx_buf; __u32 len; __u32 speed_hz; __u16 delay_usecs;
     * __u8 bits_per_word; __u8 cs_change; __u8 tx_nbits; __u8 rx_nbits; __u8 word_delay_usecs; __u8 pad; }
     */
    static final StructLayout TRANSFER = structLayout(JAVA_LONG.withName("tx_buf"), JAVA_LONG.withName("rx_buf"),
            JAVA_INT.withName("len"), JAVA_INT.withName("speed_hz"), JAVA_SHORT.withName("delay_usecs"),
            JAVA_BYTE.withName("bits_per_word"), JAVA_BYTE.withName("cs_change"), JAVA_BYTE.withName("tx_nbits"),
            JAVA_BYTE.withName("rx_nbits"), JAVA_BYTE.withName("word_delay_usecs"), JAVA_BYTE.withName("pad"));
    static final long SPI_IOC_WR_MODE = Libc.iow(MAGIC, 1, 1), SPI_IOC_RD_MODE = Libc.ior(MAGIC, 1, 1);
    static final long SPI_IOC_WR_BITS_PER_WORD = Libc.iow(MAGIC, 3, 1);
    static final long SPI_IOC_WR_MAX_SPEED_HZ = Libc.iow(MAGIC, 4, 4);

    /** SPI_IOC_MESSAGE(n): _IOW('k', 0, char[n * sizeof(struct spi_ioc_transfer)]). */
    static long message(int n) {
        return Libc.iow(MAGIC, 0, n * TRANSFER.byteSize());
    }

    private final DeviceSpec.Spi spec;
    private final int fd;
    private volatile boolean closed;

    LinuxSpi(DeviceSpec.Spi spec) throws DeviceException {
        this.spec = spec;
        try {
            fd = Libc.open(spec.device(), Libc.O_RDWR);
        } catch (Libc.ErrnoException e) {
            throw new DeviceException("device '" + spec.name() + "': cannot open SPI device " + spec.device()
                    + " (expected an spidev node; is the SPI bus enabled?): " + e.reason());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(4);
            b.set(JAVA_BYTE, 0, (byte) spec.mode());
            Libc.ioctl(fd, SPI_IOC_WR_MODE, b, "SPI_IOC_WR_MODE");
            b.set(JAVA_BYTE, 0, (byte) spec.bitsPerWord());
            Libc.ioctl(fd, SPI_IOC_WR_BITS_PER_WORD, b, "SPI_IOC_WR_BITS_PER_WORD");
            b.set(JAVA_INT, 0, spec.speedHz());
            Libc.ioctl(fd, SPI_IOC_WR_MAX_SPEED_HZ, b, "SPI_IOC_WR_MAX_SPEED_HZ");
        } catch (Libc.ErrnoException e) {
            Libc.close(fd);
            throw new DeviceException("device '" + spec.name() + "': " + spec.device() + " rejected the SPI setup "
                    + "(mode " + spec.mode() + ", " + spec.bitsPerWord() + " bits, " + spec.speedHz() + " Hz; is it "
                    + "an spidev node?): " + e.getMessage());
        }
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "spidev"; }

    @Override public int mode() { return spec.mode(); }

    @Override public int bitsPerWord() { return spec.bitsPerWord(); }

    @Override public int speedHz() { return spec.speedHz(); }

    @Override
    public void transfer(byte[] tx, byte[] rx) throws DeviceException {
        if (tx.length != rx.length)
            throw new IllegalArgumentException("SPI transfer: tx has " + tx.length + " bytes, rx " + rx.length);
        if (closed) throw new DeviceException("device '" + spec.name() + "' is closed");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment txb = a.allocate(Math.max(1, tx.length)), rxb = a.allocate(Math.max(1, rx.length));
            MemorySegment.copy(tx, 0, txb, JAVA_BYTE, 0, tx.length);
            MemorySegment t = a.allocate(TRANSFER);
            t.set(JAVA_LONG, 0, txb.address());
            t.set(JAVA_LONG, 8, rxb.address());
            t.set(JAVA_INT, 16, tx.length);
            t.set(JAVA_INT, 20, spec.speedHz());
            t.set(JAVA_BYTE, 26, (byte) spec.bitsPerWord());
            Libc.ioctl(fd, message(1), t, "SPI_IOC_MESSAGE(1)");
            MemorySegment.copy(rxb, JAVA_BYTE, 0, rx, 0, rx.length);
        } catch (Libc.ErrnoException e) {
            throw new DeviceException("SPI device '" + spec.name() + "' on " + spec.device() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.close(fd);
    }
}
