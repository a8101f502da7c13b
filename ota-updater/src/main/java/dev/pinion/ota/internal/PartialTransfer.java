package dev.pinion.ota.internal;

import dev.pinion.ota.Manifest;
import dev.pinion.ota.OtaException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The chunks of one module received so far, kept under {@code <data_dir>/ota/partial/<sha256>/} so a transfer
 * resumes after a reconnect or a restart with only the missing chunks. Each chunk is its own file, written
 * atomically (fsynced, then renamed into place), so a chunk file that exists with the right length holds what
 * was received. The directory itself is not fsynced per chunk: a chunk lost in a power cut is just fetched again,
 * and the sha256 of the assembled bytes is checked before anything uses them.
 */
public final class PartialTransfer {
    private final Path dir;
    private final Manifest manifest;
    private final BitSet have = new BitSet();

    private PartialTransfer(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** Opens (creating or resuming) the transfer of {@code manifest}'s bytes. */
    public static PartialTransfer open(Path partialRoot, Manifest manifest) throws IOException {
        Path dir = partialRoot.resolve(manifest.sha256());
        Files.createDirectories(dir);
        var t = new PartialTransfer(dir, manifest);
        Path mf = dir.resolve("manifest.json");
        if (!Files.exists(mf)) AtomicFiles.write(mf, manifest.toBytes());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                if (file.startsWith(".")) { // a temporary file a crash left behind
                    Files.deleteIfExists(p);
                    continue;
                }
                if (!file.startsWith("chunk-")) continue;
                int index = parseIndex(p.getFileName().toString());
                if (index >= 0 && index < manifest.chunkCount() && Files.size(p) == manifest.chunkLength(index)) {
                    t.have.set(index);
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
        return t;
    }

    public Manifest manifest() {
        return manifest;
    }

    public boolean has(int index) {
        return have.get(index);
    }

    public int received() {
        return have.cardinality();
    }

    public boolean complete() {
        return have.cardinality() == manifest.chunkCount();
    }

    /** The next missing chunk index at or after {@code from}, or -1. */
    public int nextMissing(int from) {
        int i = have.nextClearBit(from);
        return i < manifest.chunkCount() ? i : -1;
    }

    /**
     * Stores chunk {@code index}; a duplicate is ignored.
     *
     * @throws OtaException {@link dev.pinion.ota.Reason#CHUNK_SIZE_MISMATCH} if its length is wrong
     */
    public boolean store(int index, byte[] bytes) throws OtaException, IOException {
        if (have.get(index)) return false;
        int expected = manifest.chunkLength(index);
        if (bytes.length != expected) {
            throw new OtaException(dev.pinion.ota.Reason.CHUNK_SIZE_MISMATCH, "chunk " + index + " is "
                    + bytes.length + " bytes, expected " + expected + (bytes.length < expected ? " (truncated)" : ""));
        }
        Path tmp = AtomicFiles.writeTemp(dir.resolve("chunk-" + index), bytes);
        AtomicFiles.move(tmp, dir.resolve("chunk-" + index));
        have.set(index);
        return true;
    }

    /** The module bytes, in chunk order; call when {@link #complete()}. */
    public byte[] assemble() throws IOException {
        byte[] out = new byte[(int) manifest.size()];
        for (int i = 0; i < manifest.chunkCount(); i++) {
            byte[] c = Files.readAllBytes(dir.resolve("chunk-" + i));
            System.arraycopy(c, 0, out, i * manifest.chunkSize(), c.length);
        }
        return out;
    }

    public void delete() throws IOException {
        AtomicFiles.deleteTree(dir);
    }

    private static int parseIndex(String file) {
        try {
            return Integer.parseInt(file.substring("chunk-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
