package dev.pinion.wat.spectest;

import java.util.List;

/**
 * A value in a script: an argument, or an expected result.
 *
 * <ul>
 *   <li>i32, i64, f32, f64: {@code value} is the bit pattern as an unsigned decimal string; in expected
 *       results f32/f64 may also be {@code "nan:canonical"} or {@code "nan:arithmetic"}</li>
 *   <li>externref: {@code "null"} or a number n standing for the host reference {@code (ref.extern n)}</li>
 *   <li>funcref: {@code "null"}, or (never in this suite) a number meaning "any non-null funcref"</li>
 *   <li>v128: {@code value} is a list of lane strings and {@code lane_type} names the lane shape</li>
 *   <li>either ({@code .wast} scripts only, Wasm 3.0): {@code value} is a list of alternative Values</li>
 *   <li>externref {@code "nonnull"} and funcref {@code "nonnull"} ({@code .wast} only): any non-null reference</li>
 * </ul>
 * In the expected types of {@code assert_trap} and {@code action}, only {@code type} is given.
 *
 * @param value a String, or a List of Strings for v128, or null
 */
public record Value(String type, Object value, String lane_type) {

    public boolean isEither() {
        return "either".equals(type);
    }

    public boolean isV128() {
        return "v128".equals(type);
    }

    /** The scalar value string (null when absent). */
    public String scalar() {
        if (value == null || value instanceof String) return (String) value;
        throw new IllegalArgumentException(type + " value is not a single string: " + value);
    }

    /** The lanes of a v128 value, lane 0 first (or the alternatives of an {@code either}). */
    public List<?> lanes() {
        if (value instanceof List<?> lanes) return lanes;
        throw new IllegalArgumentException(type + " value is not a list of lanes: " + value);
    }
}
