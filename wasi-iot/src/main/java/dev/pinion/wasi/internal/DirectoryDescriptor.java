package dev.pinion.wasi.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * An open directory inside a preopen. It is kept as the preopen's root plus the components below it (each
 * already resolved and free of symlinks), so every path lookup starts from a point known to be in the sandbox.
 *
 * @param root        the preopened host directory (absolute, real path)
 * @param components  path from the root to this directory, no ".", ".." or symlinks
 * @param preopenName the guest name for a preopen, or null for directories the guest opened itself
 * @param readOnly    whether the preopen forbids changes below it
 */
public record DirectoryDescriptor(Path root, List<String> components, String preopenName, boolean readOnly)
        implements Descriptor {

    public DirectoryDescriptor {
        components = List.copyOf(components);
    }

    /** The host path of this directory. */
    public Path hostPath() {
        Path p = root;
        for (String c : components) p = p.resolve(c);
        return p;
    }

    @Override
    public void close() {
        // nothing held open: java.nio has no directory handles, lookups go by path
    }
}
