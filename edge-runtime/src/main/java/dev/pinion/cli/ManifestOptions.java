package dev.pinion.cli;

import dev.pinion.ota.Manifest;
import dev.pinion.ota.OtaException;
import dev.pinion.ota.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The manifest fields an operator gives {@code pinion sign} and {@code pinion deploy}: a template file (for
 * triggers, grants and limits) and options that override it. Hash, size, chunking, key id and signature are
 * always computed here, never taken from the template.
 */
final class ManifestOptions {
    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Manifest template (JSON): name, version, triggers, grants, limits, chunk_size, rollback_from."
                    + " A signed manifest works too; it is signed again.")
    Path template;

    @Option(names = "--name", paramLabel = "NAME", description = "Module name (default: from the template, else the file name).")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", description = "Release version, MAJOR.MINOR.PATCH[-PRE] (required unless in the template).")
    String version;

    @Option(names = "--grant", paramLabel = "DEVICE:MODE", description = "A device grant the module requests (repeatable), e.g. led:out.")
    List<String> grants;

    @Option(names = "--publish", paramLabel = "FILTER", description = "An MQTT topic filter the module may publish within (repeatable).")
    List<String> publish;

    @Option(names = "--rollback-from", paramLabel = "VERSION",
            description = "Sign an explicit rollback: allowed to replace this (newer) active version.")
    String rollbackFrom;

    @Option(names = "--chunk-size", paramLabel = "BYTES", description = "Chunk size in bytes, 256..7168 (default: 6144, which fits Moquette's 8,092-byte message limit).")
    Integer chunkSize;

    /** Builds and signs the manifest of {@code wasm}. */
    Manifest sign(SigningKey key, Path module, byte[] wasm) throws IOException, OtaException {
        Manifest.Builder b = Manifest.builder(defaultName(module), null, wasm);
        if (template != null) b.template(Manifest.readTemplate(Files.readAllBytes(template)));
        if (name != null) b.name(name);
        if (version != null) b.version(version);
        if (grants != null) b.grants(grants);
        if (publish != null) b.publish(publish);
        if (rollbackFrom != null) b.rollbackFrom(rollbackFrom);
        if (chunkSize != null) b.chunkSize(chunkSize);
        Manifest unsigned = b.buildUnsigned();
        if (unsigned == null) throw new OtaException(dev.pinion.ota.Reason.MANIFEST_MALFORMED,
                "no version: give --version or a template with \"version\"");
        return key.sign(b);
    }

    private static String defaultName(Path module) {
        String file = module.getFileName().toString();
        if (file.endsWith(".wasm")) file = file.substring(0, file.length() - 5);
        return file.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }
}
