package dev.pinion.runtime.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir Path dir;

    static OutgoingMessage msg(String payload) {
        return new OutgoingMessage("t/x", payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void encodeDecode_roundTripsEveryField() throws IOException {
        OutgoingMessage m = new OutgoingMessage("a/b", new byte[] {1, 2, 3}, 2, true, "resp/é", new byte[] {9},
                Map.of("k", "v"));
        OutgoingMessage back = Outbox.decode(Outbox.encode(m));
        assertEquals("a/b", back.topic());
        assertArrayEquals(new byte[] {1, 2, 3}, back.payload());
        assertEquals(2, back.qos());
        assertTrue(back.retained());
        assertEquals("resp/é", back.responseTopic());
        assertArrayEquals(new byte[] {9}, back.correlationData());
        assertEquals(Map.of("k", "v"), back.userProperties());
    }

    @Test
    void decode_rejectsEveryTruncationAndAFlippedBit() {
        byte[] good = Outbox.encode(msg("hello"));
        for (int n = 0; n < good.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(good, n);
            assertThrows(IOException.class, () -> Outbox.decode(cut), "truncated to " + n);
        }
        byte[] flipped = good.clone();
        flipped[good.length - 12] ^= 1;
        assertThrows(IOException.class, () -> Outbox.decode(flipped));
    }

    @Test
    void reopen_restoresOrder_dropsTmpLeftovers_andSetsCorruptFilesAside() throws IOException {
        Outbox box = Outbox.open(dir, 10);
        for (int i = 1; i <= 3; i++) box.add(new OutboxEntry(i, msg("m" + i), null));
        Files.write(dir.resolve("00000000000000000004.msg.tmp"), new byte[] {1, 2});
        Files.write(dir.resolve("00000000000000000005.msg"), new byte[] {1, 2, 3});
        Outbox again = Outbox.open(dir, 10);
        assertEquals(List.of("m1", "m2", "m3"), again.messages().stream()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList());
        assertEquals(3, again.lastSeq());
        assertTrue(Files.exists(dir.resolve("00000000000000000005.msg.corrupt")));
        assertTrue(Files.notExists(dir.resolve("00000000000000000004.msg.tmp")));
    }

    @Test
    void bound_dropsTheOldest_countsIt_andTheFileGoes() throws IOException {
        Outbox box = Outbox.open(dir, 2);
        OutboxEntry first = new OutboxEntry(1, msg("1"), null);
        assertNull(box.add(first));
        assertNull(box.add(new OutboxEntry(2, msg("2"), null)));
        assertSame(first, box.add(new OutboxEntry(3, msg("3"), null)));
        assertEquals(1, box.dropped());
        assertEquals(2, box.size());
        assertTrue(Files.notExists(dir.resolve("00000000000000000001.msg")));
    }

    @Test
    void sentMarks_followSequenceOrder_andResetAfterALoss() throws IOException {
        Outbox box = Outbox.open(dir, 10);
        for (int i = 1; i <= 3; i++) box.add(new OutboxEntry(i, msg("m" + i), null));
        OutboxEntry a = box.nextUnsent();
        box.markSent(a);
        assertEquals(2, box.nextUnsent().seq);
        assertEquals(List.of(a), box.resetSent());
        assertSame(a, box.nextUnsent());
    }
}
