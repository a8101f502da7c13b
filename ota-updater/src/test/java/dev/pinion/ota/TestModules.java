package dev.pinion.ota;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The committed test modules (src/test/resources/dev/pinion/ota/modules, rebuilt by build.sh there). */
final class TestModules {
    private TestModules() {}

    static byte[] load(String name) {
        try (InputStream in = TestModules.class.getResourceAsStream("modules/" + name + ".wasm")) {
            if (in == null) throw new IllegalStateException("missing test module " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] counter() {
        return load("counter");
    }

    /** {@code base} with a custom section appended: same code, different bytes (and sha256), padded to any size. */
    static byte[] withCustomSection(byte[] base, String name, int padding) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        var payload = new ByteArrayOutputStream();
        leb(payload, nameBytes.length);
        payload.writeBytes(nameBytes);
        payload.writeBytes(new byte[padding]);
        var out = new ByteArrayOutputStream();
        out.writeBytes(base);
        out.write(0); // custom section id
        leb(out, payload.size());
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    /** The counter module made unique for {@code tag} and padded to at least {@code size} bytes. */
    static byte[] counter(String tag, int size) {
        byte[] base = counter();
        return withCustomSection(base, "pinion.test." + tag, Math.max(0, size - base.length - 16 - tag.length()));
    }

    private static void leb(ByteArrayOutputStream out, int v) {
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
