package dev.pinion.wasi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory made visible to the guest under a guest name. Nothing outside it is reachable.
 *
 * @param hostDir   the host directory
 * @param guestName the name the guest sees (what {@code fd_prestat_dir_name} returns), e.g. "/data" or "."
 * @param readOnly  if true, the guest may read but not create, change or delete anything below it
 */
public record Preopen(Path hostDir, String guestName, boolean readOnly) {
    public Preopen {
        Objects.requireNonNull(hostDir, "hostDir");
        Objects.requireNonNull(guestName, "guestName");
        if (guestName.isEmpty()) throw new IllegalArgumentException("preopen guest name must not be empty");
    }

    /**
     * Parses the {@code --dir} syntax {@code HOST[::GUEST]}; without {@code ::GUEST} the guest sees the host path
     * as written, like wasmtime.
     */
    public static Preopen parse(String spec, boolean readOnly) {
        if (spec == null || spec.isEmpty()) throw new IllegalArgumentException("empty --dir value");
        int sep = spec.indexOf("::");
        String host = sep < 0 ? spec : spec.substring(0, sep);
        String guest = sep < 0 ? spec : spec.substring(sep + 2);
        if (host.isEmpty()) throw new IllegalArgumentException("--dir '" + spec + "': host directory is empty");
        if (guest.isEmpty()) throw new IllegalArgumentException("--dir '" + spec + "': guest name is empty");
        return new Preopen(Path.of(host), guest, readOnly);
    }
}
