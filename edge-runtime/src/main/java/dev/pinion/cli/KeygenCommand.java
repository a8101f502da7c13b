package dev.pinion.cli;

import dev.pinion.ota.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pinion keygen --out DIR}: a new Ed25519 signing key for module releases. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create an Ed25519 key pair for signing module releases.",
                "Writes DIR/NAME.key (private, mode 0600) and DIR/NAME.pub (give it to gateways as a trusted key)."})
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the key files (created if missing).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "pinion", description = "File name stem (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path key = out.resolve(name + ".key"), pub = out.resolve(name + ".pub");
        if (Files.exists(key) || Files.exists(pub)) {
            spec.commandLine().getErr().println("pinion keygen: " + (Files.exists(key) ? key : pub)
                    + " already exists; not overwriting a key (use --name for another)");
            return Pinion.EXIT_FAILURE;
        }
        KeyPair pair = KeyFiles.generate();
        KeyFiles.write(pair, key, pub);
        var o = spec.commandLine().getOut();
        o.println("key id " + KeyFiles.keyId(pair.getPublic()));
        o.println("private key: " + key + " (keep it secret)");
        o.println("public key:  " + pub + " (add to trusted_keys on every gateway)");
        return 0;
    }
}
