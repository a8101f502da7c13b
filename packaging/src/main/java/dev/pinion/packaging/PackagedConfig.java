package dev.pinion.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step: turns edge-runtime's commented example config into the package's /etc/pinion/pinion.yaml, which
 * must start the service on a fresh install. Two edits, everything else (every key, every comment) unchanged:
 * <ul>
 *   <li>the example's {@code modules:} entries are commented out and the list is empty: their .wasm files are not
 *       on the board (modules arrive over the air or are added by the admin);</li>
 *   <li>{@code jssc_native_dir} points at the unit's {@code CacheDirectory=pinion/native}, the one directory the
 *       hardened service may both write and map executable.</li>
 * </ul>
 * The package's tests load the result with the daemon's own config parser.
 *
 * <p>Usage: {@code PackagedConfig TARGET EXAMPLE [FALLBACK]}: EXAMPLE, or FALLBACK if EXAMPLE does not exist.
 */
public final class PackagedConfig {
    static final String NATIVE_DIR = "/var/cache/pinion/native";

    private PackagedConfig() {}

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[1]);
        if (!Files.exists(source) && args.length > 2) source = Path.of(args[2]);
        Path target = Path.of(args[0]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, transform(Files.readString(source, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    static String transform(String example) {
        List<String> out = new ArrayList<>();
        boolean inModules = false, sawModules = false, sawNativeDir = false;
        for (String line : example.split("\n", -1)) {
            if (inModules && (line.startsWith(" ") || line.startsWith("\t"))) {
                out.add("#" + line);
                continue;
            }
            inModules = false;
            if (line.equals("modules:")) {
                out.add("# None on a fresh install: deploy them over MQTT, or add entries like the example below (its");
                out.add("# path is relative to this file).");
                out.add("modules: []");
                inModules = sawModules = true;
            } else if (line.matches("#\\s*jssc_native_dir:.*")) {
                out.add("# Set by the package: the service's CacheDirectory (see /usr/lib/systemd/system/pinion.service).");
                out.add("jssc_native_dir: " + NATIVE_DIR);
                sawNativeDir = true;
            } else {
                out.add(line);
            }
        }
        if (!sawModules) throw new IllegalArgumentException("the example config has no top-level 'modules:' list");
        if (!sawNativeDir) throw new IllegalArgumentException("the example config has no '# jssc_native_dir:' line");
        return String.join("\n", out);
    }
}
