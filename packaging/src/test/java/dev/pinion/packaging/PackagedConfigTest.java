package dev.pinion.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.runtime.config.PinionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/pinion/pinion.yaml as installed: the daemon's own parser accepts it, and it starts with no modules. */
class PackagedConfigTest {

    @Test
    void installed_config_loads_with_the_daemons_parser(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("etc/pinion/pinion.yaml");
        Files.createDirectories(config.getParent());
        Files.write(config, Deb.file().data().get("etc/pinion/pinion.yaml").bytes());

        PinionConfig loaded = PinionConfig.load(config);
        assertEquals(List.of(), loaded.modules(), "a fresh install has no module files to load");
        assertEquals(Optional.of(Path.of(PackagedConfig.NATIVE_DIR)), loaded.jsscNativeDir());
        assertEquals(Path.of("/var/lib/pinion"), loaded.dataDir());
        // Still the fully commented example: the module entry is there to copy, as comments.
        String text = Files.readString(config);
        assertTrue(text.contains("\n#  - name: "), text);
    }

    @Test
    void transform_comments_out_modules_and_sets_the_native_dir() {
        String example = """
                # top comment
                device_id: gw
                modules:
                  - name: alert   # first
                    path: a.wasm

                # Where jssc unpacks
                # jssc_native_dir: /var/lib/pinion/jssc
                engine:
                  tier: interpreter
                """;
        String packaged = PackagedConfig.transform(example);
        assertTrue(packaged.contains("\nmodules: []\n#  - name: alert   # first\n#    path: a.wasm\n\n# Where jssc unpacks\n"), packaged);
        assertTrue(packaged.contains("\njssc_native_dir: /var/cache/pinion/native\nengine:\n  tier: interpreter\n"), packaged);
        assertTrue(packaged.startsWith("# top comment\ndevice_id: gw\n"));
        assertThrows(IllegalArgumentException.class, () -> PackagedConfig.transform("device_id: gw\n"));
    }
}
