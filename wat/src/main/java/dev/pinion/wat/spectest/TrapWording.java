package dev.pinion.wat.spectest;

import dev.pinion.engine.Trap;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a trap matches the wording a script expects ({@code assert_trap "text"}).
 *
 * <p>Policy: the script's text is the reference interpreter's message, and engines legitimately word or refine
 * it differently (the suite itself writes {@code "uninitialized element 2"} where the reason is
 * "uninitialized element"). So a trap matches when its kind's spec wording or its message and the text start one
 * with the other, or the message contains the text. Beyond that, only one pair of wordings counts as the same
 * category: "undefined element" (call_indirect past the table's end) and "out of bounds table access" (any
 * other table access past the end) both say "table index out of range", and engines commonly use one for both.
 * Anything else, e.g. "out of bounds memory access" for "integer overflow", is a different category: a failure.
 */
final class TrapWording {
    private TrapWording() {}

    private static final List<Set<String>> SAME_CATEGORY = List.of(
            Set.of("undefined element", "out of bounds table access"));

    static boolean matches(Trap trap, String expectedText) {
        if (expectedText == null || expectedText.isEmpty()) return true;
        String expected = expectedText.trim();
        String kindWording = trap.kind().message();
        String message = trap.getMessage() == null ? "" : trap.getMessage();
        if (looselyEqual(kindWording, expected) || looselyEqual(message, expected) || message.contains(expected)) {
            return true;
        }
        for (Set<String> category : SAME_CATEGORY) {
            if (category.contains(kindWording) && category.stream().anyMatch(w -> looselyEqual(w, expected))) {
                return true;
            }
        }
        return false;
    }

    private static boolean looselyEqual(String a, String b) {
        return !a.isEmpty() && (a.startsWith(b) || b.startsWith(a));
    }
}
