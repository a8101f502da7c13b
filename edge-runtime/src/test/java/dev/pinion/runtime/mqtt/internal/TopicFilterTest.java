package dev.pinion.runtime.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "a/b, a/b, true",
        "a/b, a/c, false",
        "a/+, a/b, true",
        "a/+, a/b/c, false",
        "a/+, a, false",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "#, a/b, true",
        "#, $SYS/x, false",
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true",
        "+/+, a/b, true",
        "+, /a, false",
        "/+, /a, true",
        "a//b, a//b, true",
        "a/+/c, a//c, true",
        "$share/g/a/+, a/b, true",
        "$share/g/a/+, $share/g/a/b, false",
        "$share/g/#, x/y, true",
    })
    void matches(String filter, String topic, boolean expected) {
        assertEquals(expected, TopicFilter.matches(filter, topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a#", "a/b+", "$share/g", "$share//a", "$share/g+/a", "$share/g/"})
    void validate_rejectsMalformedFilters(String filter) {
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.validate(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/+/b", "#", "+", "a/#", "$share/group/a/+", "$SYS/#"})
    void validate_acceptsWellFormedFilters(String filter) {
        TopicFilter.validate(filter);
    }
}
