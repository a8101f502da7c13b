package dev.pinion.ota.internal;

import dev.pinion.ota.Hashes;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleRelease;
import dev.pinion.ota.OtaException;
import dev.pinion.ota.Reason;
import dev.pinion.ota.TrustedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The verified modules under the data directory, and the only code that writes there (with
 * {@link PartialTransfer} for chunks in flight):
 * <pre>
 * modules/&lt;name&gt;/&lt;version&gt;/module.wasm, manifest.json   a verified release (written as a whole: staging dir + rename)
 * modules/&lt;name&gt;/current, previous                        version of the active / previous good release
 * modules/&lt;name&gt;/failed/&lt;sha256&gt;                         a release that was rolled back or whose bytes were bad
 * ota/partial/&lt;sha256&gt;/                                  a transfer in progress
 * </pre>
 * {@code current} changes only after a release passed its health gate, and every write is atomic and fsynced,
 * so after a power cut at any instant {@code current} names a complete, verified release (or none yet).
 */
public final class ModuleStore {
    private static final System.Logger LOG = System.getLogger("dev.pinion.ota.store");
    private final Path modules;
    private final Path partial;

    public ModuleStore(Path dataDir) throws IOException {
        this.modules = dataDir.resolve("modules");
        this.partial = dataDir.resolve("ota").resolve("partial");
        Files.createDirectories(modules);
        Files.createDirectories(partial);
    }

    public Path partialRoot() {
        return partial;
    }

    /** Names of the modules that have an active release. */
    public List<String> modules() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modules)) {
            for (Path p : ds) {
                if (Files.exists(p.resolve("current"))) out.add(p.getFileName().toString());
            }
        }
        out.sort(null);
        return out;
    }

    /** Removes what a crash can leave behind: staging directories and temporary pointer files. */
    public void cleanUp() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modules)) {
            for (Path m : ds) {
                try (DirectoryStream<Path> inner = Files.newDirectoryStream(m, ".*")) {
                    for (Path p : inner) AtomicFiles.deleteTree(p);
                }
            }
        }
    }

    /** The active version of {@code name}, or empty. */
    public Optional<String> currentVersion(String name) throws IOException {
        return pointer(name, "current");
    }

    public Optional<String> previousVersion(String name) throws IOException {
        return pointer(name, "previous");
    }

    /**
     * Loads a stored release and checks it again (signature by a trusted key, sha256 of the file): what boots
     * was verified, even if the disk or the trusted keys changed since.
     */
    public ModuleRelease load(String name, String version, TrustedKeys keys) throws IOException, OtaException {
        Path dir = modules.resolve(name).resolve(version);
        Manifest m = Manifest.parse(Files.readAllBytes(dir.resolve("manifest.json")));
        keys.verify(m);
        byte[] wasm = Files.readAllBytes(dir.resolve("module.wasm"));
        if (wasm.length != m.size() || !Hashes.sha256Hex(wasm).equals(m.sha256())) {
            throw new OtaException(Reason.SHA256_MISMATCH, "stored " + dir.resolve("module.wasm")
                    + " does not match its manifest's sha256");
        }
        return new ModuleRelease(m, dir.resolve("module.wasm"));
    }

    /** The stored release of this manifest's version if its bytes are the manifest's, else empty. */
    public Optional<ModuleRelease> stored(Manifest m) throws IOException {
        Path dir = modules.resolve(m.name()).resolve(m.version().text());
        if (!Files.exists(dir.resolve("manifest.json")) || !Files.exists(dir.resolve("module.wasm"))) return Optional.empty();
        try {
            Manifest have = Manifest.parse(Files.readAllBytes(dir.resolve("manifest.json")));
            if (!have.sha256().equals(m.sha256())) return Optional.empty();
            byte[] wasm = Files.readAllBytes(dir.resolve("module.wasm"));
            if (!Hashes.sha256Hex(wasm).equals(m.sha256())) return Optional.empty();
        } catch (OtaException e) {
            return Optional.empty();
        }
        return Optional.of(new ModuleRelease(m, dir.resolve("module.wasm")));
    }

    /**
     * Stores verified bytes as {@code modules/<name>/<version>/}: both files are written and fsynced in a staging
     * directory that is then renamed into place, so the version directory appears complete or not at all.
     */
    public ModuleRelease store(Manifest m, byte[] wasm) throws IOException {
        Path moduleDir = modules.resolve(m.name());
        Files.createDirectories(moduleDir);
        Path target = moduleDir.resolve(m.version().text());
        Path staging = moduleDir.resolve(".staging-" + m.version().text() + "-"
                + HexFormat.of().toHexDigits(System.nanoTime()));
        Files.createDirectory(staging);
        try {
            AtomicFiles.write(staging.resolve("module.wasm"), wasm);
            AtomicFiles.write(staging.resolve("manifest.json"), m.toBytes());
            if (Files.exists(target)) {
                // A same-version leftover that did not verify (checked by the caller): replace it whole.
                Path old = moduleDir.resolve(".old-" + m.version().text() + "-" + HexFormat.of().toHexDigits(System.nanoTime()));
                Files.move(target, old);
                AtomicFiles.deleteTree(old);
            }
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsyncDirectory(moduleDir);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
        return new ModuleRelease(m, target.resolve("module.wasm"));
    }

    /** Records {@code version} as active and {@code previous} (may be null) as the fallback, durably. */
    public void setActive(String name, String version, String previous) throws IOException {
        Path dir = modules.resolve(name);
        if (previous != null) AtomicFiles.write(dir.resolve("previous"), (previous + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("current"), (version + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes every stored version of {@code name} except the active and previous ones. */
    public void prune(String name) throws IOException {
        Path dir = modules.resolve(name);
        String cur = currentVersion(name).orElse(null), prev = previousVersion(name).orElse(null);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> Files.isDirectory(p))) {
            for (Path p : ds) {
                String v = p.getFileName().toString();
                if (v.startsWith(".") || v.equals("failed") || v.equals(cur) || v.equals(prev)) continue;
                LOG.log(System.Logger.Level.DEBUG, "pruning {0}@{1}", name, v);
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /** Deletes a stored version (one that failed its health gate), unless it is active or previous. */
    public void deleteVersion(String name, String version) throws IOException {
        if (version.equals(currentVersion(name).orElse(null)) || version.equals(previousVersion(name).orElse(null))) return;
        AtomicFiles.deleteTree(modules.resolve(name).resolve(version));
    }

    /** Remembers that the release with {@code sha256} failed for good, so a retained desired manifest is not retried. */
    public void recordFailure(String name, String sha256, String state, Reason reason, String detail) throws IOException {
        Path dir = modules.resolve(name).resolve("failed");
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(sha256), (state + "\n" + reason.code() + "\n" + detail + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A recorded failure: state name, reason, detail. */
    public record Failure(String state, Reason reason, String detail) {}

    public Optional<Failure> failure(String name, String sha256) throws IOException {
        Path f = modules.resolve(name).resolve("failed").resolve(sha256);
        if (!Files.exists(f)) return Optional.empty();
        String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n", 3);
        if (lines.length < 3 || Reason.ofCode(lines[1]) == null) return Optional.empty();
        return Optional.of(new Failure(lines[0], Reason.ofCode(lines[1]), lines[2].strip()));
    }

    /** Deletes every partial transfer except {@code keepSha256} (null: all) of module {@code name}. */
    public void dropPartials(String name, String keepSha256) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(partial)) {
            for (Path p : ds) {
                if (p.getFileName().toString().equals(keepSha256)) continue;
                Path mf = p.resolve("manifest.json");
                try {
                    if (!Files.exists(mf) || Manifest.parse(Files.readAllBytes(mf)).name().equals(name)) AtomicFiles.deleteTree(p);
                } catch (OtaException e) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }

    private Optional<String> pointer(String name, String which) throws IOException {
        Path p = modules.resolve(name).resolve(which);
        if (!Files.exists(p)) return Optional.empty();
        String v = Files.readString(p, StandardCharsets.UTF_8).strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
