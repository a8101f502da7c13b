package dev.pinion.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Build step: gzips files the way Debian policy wants them in a package ({@code gzip -9n}): best compression,
 * flagged as such in the header, and no name or timestamp, so the output depends only on the input.
 * {@link java.util.zip.GZIPOutputStream} cannot do this: it uses the default level and writes XFL=0, which lintian
 * reports as poor compression for man pages and changelogs.
 *
 * <p>Usage: {@code GzipBest SOURCE TARGET [SOURCE TARGET]...}
 */
public final class GzipBest {
    private GzipBest() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: GzipBest SOURCE TARGET [SOURCE TARGET]...");
        }
        for (int i = 0; i < args.length; i += 2) {
            gzip(Path.of(args[i]), Path.of(args[i + 1]));
        }
    }

    static void gzip(Path source, Path target) throws IOException {
        byte[] data = Files.readAllBytes(source);
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            // RFC 1952 member header: magic, CM=8 (deflate), FLG=0 (no name), MTIME=0, XFL=2 (best), OS=3 (Unix).
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true); // raw deflate inside the gzip frame
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(nonClosing(out), deflater)) {
                deflate.write(data);
            } finally {
                deflater.end();
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            writeIntLE(out, (int) crc.getValue());
            writeIntLE(out, data.length); // ISIZE: length mod 2^32
        }
    }

    private static void writeIntLE(OutputStream out, int value) throws IOException {
        out.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new OutputStream() {
            @Override public void write(int b) throws IOException { out.write(b); }
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
            @Override public void close() throws IOException { out.flush(); }
        };
    }
}
