package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The persisted outbox: QoS 1/2 messages waiting for a connection, one file per message named by its sequence
 * number ({@code 00000000000000000042.msg}), written temp-file + fsync + rename + directory fsync, so after a
 * crash or power cut every message {@link #add} returned for is there, whole. Deleted when the broker
 * acknowledges (without a directory fsync: a deleted file that comes back after a power cut is delivered
 * twice, which QoS 1 allows). Bounded by count: at the bound the oldest message is dropped.
 *
 * <p>One file per message keeps crash recovery trivial (no log to replay or compact) and costs one fsync per
 * message, which is fine for the offline case it serves; an online session sends directly and never touches
 * the disk. Not thread-safe: the session calls it under its lock.
 */
final class Outbox {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.mqtt");
    private static final int MAGIC = 0x504d5131; // "PMQ1"
    private static final String SUFFIX = ".msg";

    private final Path dir;
    private final int limit;
    private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>();
    private long dropped;
    // Entries are sent in sequence order, so "sent on this connection" is every entry up to this number.
    private long sentUpTo;

    private Outbox(Path dir, int limit) {
        this.dir = dir;
        this.limit = limit;
    }

    /** Opens (creating) the outbox directory and loads what a previous run left there. */
    static Outbox open(Path dir, int limit) throws IOException {
        Files.createDirectories(dir);
        Outbox outbox = new Outbox(dir, limit);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file); // a write the crash interrupted: its publish() never returned
                    continue;
                }
                if (!name.endsWith(SUFFIX)) continue;
                long seq;
                try {
                    seq = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                try {
                    OutboxEntry entry = new OutboxEntry(seq, decode(Files.readAllBytes(file)), null);
                    entry.persisted = true;
                    outbox.entries.put(seq, entry);
                } catch (IOException | IllegalArgumentException e) {
                    Path aside = file.resolveSibling(name + ".corrupt");
                    Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    LOG.log(System.Logger.Level.WARNING, "outbox file {0} is unreadable ({1}); moved to {2}",
                            file, e.getMessage(), aside.getFileName());
                }
            }
        }
        while (outbox.entries.size() > limit) outbox.dropOldest(); // the bound was lowered since the last run
        return outbox;
    }

    /** Highest sequence number on disk, or 0. */
    long lastSeq() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    long dropped() {
        return dropped;
    }

    /**
     * Writes the entry durably (unless it already is) and keeps it in sequence order. Drops the oldest entry
     * first when the outbox is full; returns it (its future still to be failed by the caller), or null.
     */
    OutboxEntry add(OutboxEntry entry) {
        OutboxEntry droppedEntry = null;
        if (entries.size() >= limit) droppedEntry = dropOldest();
        if (!entry.persisted) {
            try {
                DurableFiles.write(file(entry.seq), encode(entry.message));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write outbox file " + file(entry.seq), e);
            }
            entry.persisted = true;
        }
        entry.inFlight = false;
        entries.put(entry.seq, entry);
        return droppedEntry;
    }

    /** The oldest entry not yet sent on the current connection, or null. */
    OutboxEntry nextUnsent() {
        Map.Entry<Long, OutboxEntry> e = entries.higherEntry(sentUpTo);
        return e == null ? null : e.getValue();
    }

    boolean hasUnsent() {
        return entries.higherKey(sentUpTo) != null;
    }

    /** The entry is now in flight on the current connection. */
    void markSent(OutboxEntry e) {
        e.inFlight = true;
        sentUpTo = e.seq;
    }

    /** The connection is gone: every entry is unsent again; returns those that were in flight, oldest first. */
    List<OutboxEntry> resetSent() {
        List<OutboxEntry> wasInFlight = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            if (e.inFlight) wasInFlight.add(e);
            e.inFlight = false;
        }
        sentUpTo = 0;
        return wasInFlight;
    }

    boolean contains(OutboxEntry e) {
        return entries.get(e.seq) == e;
    }

    /** The broker acknowledged it (or it was given up): forget it. */
    void remove(OutboxEntry entry) {
        if (entries.remove(entry.seq, entry)) {
            try {
                Files.deleteIfExists(file(entry.seq));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete outbox file {0}: {1}", file(entry.seq),
                        e.getMessage());
            }
        }
    }

    private OutboxEntry dropOldest() {
        Map.Entry<Long, OutboxEntry> oldest = entries.firstEntry();
        if (oldest == null) return null;
        OutboxEntry e = oldest.getValue();
        remove(e);
        dropped++;
        LOG.log(System.Logger.Level.WARNING,
                "outbox full ({0} messages): dropped the oldest, #{1} to topic {2} ({3} dropped so far)", Integer.toString(limit),
                Long.toString(e.seq), e.message.topic(), Long.toString(dropped));
        return e;
    }

    private Path file(long seq) {
        return dir.resolve(String.format("%020d%s", seq, SUFFIX));
    }

    static byte[] encode(OutgoingMessage m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(m.payload().length + m.topic().length() + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeByte(m.qos());
            out.writeBoolean(m.retained());
            writeBytes(out, m.topic().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, m.payload());
            writeBytes(out, m.responseTopic() == null ? null : m.responseTopic().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, m.correlationData());
            out.writeInt(m.userProperties().size());
            for (Map.Entry<String, String> p : m.userProperties().entrySet()) {
                writeBytes(out, p.getKey().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, p.getValue().getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    static OutgoingMessage decode(byte[] data) throws IOException {
        if (data.length < 8) throw new EOFException("truncated (" + data.length + " bytes)");
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
        if (in.readInt() != MAGIC) throw new IOException("not an outbox file (bad magic)");
        int qos = in.readByte();
        boolean retained = in.readBoolean();
        String topic = string(readBytes(in));
        byte[] payload = readBytes(in);
        String responseTopic = string(readBytes(in));
        byte[] correlation = readBytes(in);
        int props = in.readInt();
        if (props < 0 || props > 65_535) throw new IOException("bad user property count " + props);
        Map<String, String> userProperties = new LinkedHashMap<>();
        for (int i = 0; i < props; i++) userProperties.put(string(readBytes(in)), string(readBytes(in)));
        long stored = in.readLong();
        if (stored != crc.getValue()) throw new IOException("checksum mismatch");
        if (topic == null || payload == null) throw new IOException("no topic or payload");
        return new OutgoingMessage(topic, payload, qos, retained, responseTopic, correlation, userProperties);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > in.available()) throw new IOException("bad length " + n);
        return in.readNBytes(n);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The entries, oldest first. */
    List<OutboxEntry> messagesEntries() {
        return new ArrayList<>(entries.values());
    }

    /** For tests: the entries' messages in order. */
    List<OutgoingMessage> messages() {
        List<OutgoingMessage> out = new ArrayList<>();
        for (OutboxEntry e : entries.values()) out.add(e.message);
        return out;
    }
}
