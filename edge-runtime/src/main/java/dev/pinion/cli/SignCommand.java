package dev.pinion.cli;

import dev.pinion.ota.Manifest;
import dev.pinion.ota.OtaException;
import dev.pinion.ota.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pinion sign}: manifest template + module -> signed manifest (docs/ota-protocol.md). */
@Command(name = "sign",
        description = "Write the signed manifest of a module release (JSON, to --out or stdout).")
final class SignCommand implements Callable<Integer> {
    // Not mixinStandardHelpOptions: its -V/--version would clash with the release --version, and picocli then
    // drops the whole mixin silently, --help included.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key from 'pinion keygen'.")
    Path key;

    @Mixin
    ManifestOptions manifest;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to write the signed manifest (default: stdout).")
    Path out;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module (.wasm).")
    Path module;

    @Override
    public Integer call() throws Exception {
        byte[] wasm = Files.readAllBytes(module);
        Manifest m;
        try {
            m = manifest.sign(SigningKey.read(key), module, wasm);
        } catch (OtaException e) {
            spec.commandLine().getErr().println("pinion sign: manifest: " + e.detail());
            return Pinion.EXIT_FAILURE;
        }
        String json = m.toJson().toPrettyString() + "\n";
        if (out == null) spec.commandLine().getOut().print(json);
        else Files.writeString(out, json, StandardCharsets.UTF_8);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
