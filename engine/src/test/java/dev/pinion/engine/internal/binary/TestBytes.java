package dev.pinion.engine.internal.binary;

import java.io.ByteArrayOutputStream;

/** Builders for hand-written module binaries in tests; the callers annotate the bytes field by field. */
public final class TestBytes {
    private TestBytes() {}

    /** Bytes from ints, so tables of hex read like a hex dump. */
    public static byte[] b(int... v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (byte) v[i];
        return r;
    }

    /** The 8-byte preamble followed by the given sections. */
    public static byte[] module(byte[]... sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b(0x00, 0x61, 0x73, 0x6D,   // magic "\0asm"
                0x01, 0x00, 0x00, 0x00));           // version 1
        for (byte[] s : sections) out.writeBytes(s);
        return out.toByteArray();
    }

    /** A section: id, its size computed from the content (one LEB128 byte: content under 128 bytes), the content. */
    public static byte[] section(int id, int... content) {
        if (content.length > 127) throw new IllegalArgumentException("test sections must be under 128 bytes");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id);
        out.write(content.length);
        out.writeBytes(b(content));
        return out.toByteArray();
    }

    /**
     * A code section holding one body: its size computed, then {@code localsAndCode} (the locals vector and
     * the instructions including the final end).
     */
    public static byte[] codeSection(int... localsAndCode) {
        int[] content = new int[localsAndCode.length + 2];
        content[0] = 1;                      // one body
        content[1] = localsAndCode.length;   // body size
        System.arraycopy(localsAndCode, 0, content, 2, localsAndCode.length);
        return section(0x0A, content);
    }
}
