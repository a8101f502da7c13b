package dev.pinion.ota.internal;

import dev.pinion.ota.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The canonical byte form of a JSON value, the bytes a manifest signature covers (docs/ota-protocol.md,
 * "Canonical encoding"). It is a subset of RFC 8785 (JCS) that any language can reproduce in a few lines:
 * UTF-8; no whitespace; object members sorted by key, keys compared as sequences of UTF-16 code units (Java's
 * {@link String#compareTo}, JavaScript's default sort); strings escaped with {@code \"} {@code \\} {@code \b}
 * {@code \f} {@code \n} {@code \r} {@code \t} and {@code \\u00XX} (lower-case hex) for the other characters below
 * U+0020, everything else written as is; numbers only as integers in the signed 64-bit range, in plain decimal;
 * {@code true}, {@code false}; no {@code null}. Values outside this subset (fractions, exponents, huge numbers,
 * null) have no canonical form: {@link #write} throws and the manifest is malformed.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    public static byte[] write(Json node) {
        var out = new StringBuilder();
        write(node, out, "$");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Json node, StringBuilder out, String path) {
        switch (node.kind()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>(node.names());
                Collections.sort(keys);
                out.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) out.append(',');
                    string(keys.get(i), out, path);
                    out.append(':');
                    write(node.get(keys.get(i)), out, path + "." + keys.get(i));
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) out.append(',');
                    write(node.get(i), out, path + "[" + i + "]");
                }
                out.append(']');
            }
            case STRING -> string(node.stringValue(), out, path);
            case BOOLEAN -> out.append(node.booleanValue());
            case NUMBER -> {
                if (!node.isLong()) {
                    throw new IllegalArgumentException(path + ": only integers in the signed 64-bit range are allowed,"
                            + " got " + node);
                }
                out.append(node.longValue());
            }
            default -> throw new IllegalArgumentException(path + ": " + node.kind().name().toLowerCase()
                    + " is not allowed in a manifest");
        }
    }

    private static void string(String s, StringBuilder out, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                    continue;
                }
                throw new IllegalArgumentException(path + ": string has a lone surrogate");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** For tests and tools: the canonical bytes as text. */
    public static String toText(Json node) {
        return new String(write(node), StandardCharsets.UTF_8);
    }

}
