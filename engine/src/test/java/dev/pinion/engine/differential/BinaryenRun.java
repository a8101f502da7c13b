package dev.pinion.engine.differential;

import dev.pinion.engine.ValType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What binaryen's own interpreter did with a module ({@code wasm-opt --fuzz-exec-before}, recorded by
 * generate.py in fuzz-NNN.txt): per export in call order, the logged values, the result text and whether it
 * trapped. binaryen prints numbers in its own way, so matching is by value: integers modulo 2^width (its tuple
 * printer shows some i32/i64 values unsigned or with a wrong sign), an i64 log as two i32 halves (low, high),
 * floats as decimals that parse back to the exact value, NaNs only as "nan", references not at all.
 */
final class BinaryenRun {
    /** One export's call as binaryen reported it. */
    record Call(List<List<String>> logs, String result, String trap) {}

    private final Map<String, Call> calls;

    private BinaryenRun(Map<String, Call> calls) {
        this.calls = calls;
    }

    static BinaryenRun parse(String text) {
        Map<String, Call> calls = new LinkedHashMap<>();
        String export = null;
        List<List<String>> logs = null;
        String result = null;
        String trap = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith("[fuzz-exec] calling ")) {
                if (export != null) calls.put(export, new Call(logs, result, trap));
                export = line.substring("[fuzz-exec] calling ".length());
                logs = new ArrayList<>();
                result = null;
                trap = null;
            } else if (export == null) {
                continue; // output of the start function, before any export is called
            } else if (line.startsWith("[LoggingExternalInterface logging ")) {
                String values = line.substring("[LoggingExternalInterface logging ".length(), line.length() - 1);
                logs.add(List.of(values.split(" ")));
            } else if (line.startsWith("[fuzz-exec] note result: ")) {
                result = line.substring(line.indexOf(" => ") + 4);
            } else if (line.startsWith("[trap ") || line.startsWith("[host limit")) {
                trap = line;
            }
        }
        if (export != null) calls.put(export, new Call(logs, result, trap));
        return new BinaryenRun(calls);
    }

    /** binaryen's call of this export, or null if it did not call it. */
    Call call(String export) {
        return calls.get(export);
    }

    /** Whether binaryen's interpreter gave up for its own reasons (its stack or host limits), not by Wasm rules. */
    static boolean ownLimit(Call call) {
        return call.trap() != null && (call.trap().startsWith("[host limit") || call.trap().contains("stack limit"));
    }

    /** Whether binaryen's log entry (its printed words) is the value Pinion logged. */
    static boolean sameLog(List<String> words, Values.Raw logged) {
        if (logged.type() == ValType.V128) return sameValue(String.join(" ", words), logged);
        if (logged.type() == ValType.I64) {
            if (words.size() != 2) return false;
            long low = new BigInteger(words.get(0)).longValue() & 0xFFFF_FFFFL;
            long high = new BigInteger(words.get(1)).longValue();
            return ((high << 32) | low) == logged.bits();
        }
        return words.size() == 1 && sameValue(words.get(0), logged);
    }

    /** Whether binaryen's result text ("v" or "(v1, v2, ...)") holds these values; references always match. */
    static boolean sameResult(String text, List<Values.Raw> results) {
        if (results.isEmpty()) return text == null;
        if (text == null) return false;
        String inner = results.size() > 1 && text.startsWith("(") ? text.substring(1, text.length() - 1) : text;
        String[] words = results.size() > 1 ? inner.split(", ") : new String[] {inner};
        if (words.length != results.size()) return false;
        for (int i = 0; i < words.length; i++) {
            if (!sameValue(words[i], results.get(i))) return false;
        }
        return true;
    }

    private static boolean sameValue(String word, Values.Raw v) {
        return switch (v.type()) {
            case I32 -> (new BigInteger(word).longValue() & 0xFFFF_FFFFL) == (v.bits() & 0xFFFF_FFFFL);
            case I64 -> new BigInteger(word).longValue() == v.bits();
            case F32 -> {
                float f = Float.intBitsToFloat((int) v.bits());
                yield Float.isNaN(f) ? word.contains("nan")
                        : !word.contains("nan") && Float.floatToRawIntBits((float) decimal(word)) == (int) v.bits();
            }
            case F64 -> {
                double d = Double.longBitsToDouble(v.bits());
                yield Double.isNaN(d) ? word.contains("nan")
                        : !word.contains("nan") && Double.doubleToRawLongBits(decimal(word)) == v.bits();
            }
            case V128 -> sameV128(word, v);
            default -> true;
        };
    }

    /**
     * binaryen prints a v128 as "i32x4 0x... 0x... 0x... 0x..." (lane 0 first). The lane shape is unknown, so
     * each 64-bit half must be equal, or both halves f64 NaNs, or lane by lane equal or both f32 NaNs: NaN
     * payloads from arithmetic are nondeterministic by the spec.
     */
    private static boolean sameV128(String word, Values.Raw v) {
        String[] w = word.trim().split(" +");
        if (w.length != 5 || !w[0].equals("i32x4")) return false;
        long[] lane = new long[4];
        for (int i = 0; i < 4; i++) lane[i] = Long.parseLong(w[i + 1].substring(2), 16);
        return sameHalf(lane[0] | lane[1] << 32, v.bits()) && sameHalf(lane[2] | lane[3] << 32, v.high());
    }

    private static boolean sameHalf(long a, long b) {
        if (a == b) return true;
        if (Double.isNaN(Double.longBitsToDouble(a)) && Double.isNaN(Double.longBitsToDouble(b))) return true;
        for (int shift = 0; shift < 64; shift += 32) {
            int x = (int) (a >>> shift), y = (int) (b >>> shift);
            if (x != y && !(Float.isNaN(Float.intBitsToFloat(x)) && Float.isNaN(Float.intBitsToFloat(y)))) return false;
        }
        return true;
    }

    private static double decimal(String word) {
        return switch (word) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(word);
        };
    }
}
