package dev.pinion.ota.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    static Json parse(String s) throws IOException {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTrip_keepsMemberOrderAndExactNumbers() throws IOException {
        String text = "{\"z\":1,\"a\":[true,false,null,\"x\\n\\u0001é\"],\"big\":123456789012345678901234567890,"
                + "\"max\":9223372036854775807,\"f\":1.50,\"o\":{}}";
        Json j = parse(text);
        assertEquals(List.of("z", "a", "big", "max", "f", "o"), List.copyOf(j.names()));
        assertTrue(j.get("max").isLong());
        assertEquals(Long.MAX_VALUE, j.get("max").longValue());
        assertTrue(j.get("big").isIntegral());
        assertFalse(j.get("big").isLong());
        assertFalse(j.get("f").isIntegral());
        assertEquals("1.50", j.get("f").asText());
        assertEquals("x\n\u0001é", j.get("a").get(3).stringValue());
        assertTrue(j.get("a").get(2).isNull());
        assertEquals(j, parse(j.toString()));
        assertEquals(j, parse(j.toPrettyString()));
    }

    @Test
    void duplicateMembers_andTrailingContent_areErrorsThatSayWhere() {
        IOException dup = assertThrows(IOException.class, () -> parse("{\"a\":1,\n\"a\":2}"));
        assertTrue(dup.getMessage().contains("Duplicate field 'a'"), dup.getMessage());
        assertTrue(dup.getMessage().contains("line: 2"), dup.getMessage());
        IOException trailing = assertThrows(IOException.class, () -> parse("{} {}"));
        assertTrue(trailing.getMessage().contains("after the JSON value at line 1, column"), trailing.getMessage());
        assertThrows(IOException.class, () -> parse("{\"a\":"));
    }

    @Test
    void emptyInput_isNull_andMissingMembersAreNull() throws IOException {
        assertNull(parse("  \n"));
        Json o = parse("{\"a\":[1]}");
        assertNull(o.get("b"));
        assertNull(o.get("a").get(1));
        assertNull(o.get("a").get("x"));
        assertEquals(0, o.get("a").get(0).size());
    }

    @Test
    void deepCopy_sharesNothingMutable() throws IOException {
        Json o = parse("{\"a\":{\"b\":[1]}}");
        Json c = o.deepCopy();
        c.get("a").get("b").add("x");
        c.get("a").put("n", 5);
        assertEquals("{\"a\":{\"b\":[1]}}", o.toString());
        assertEquals("{\"a\":{\"b\":[1,\"x\"],\"n\":5}}", c.toString());
    }
}
