package dev.pinion.wasi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The sandbox. Resolves a guest path relative to a directory descriptor one component at a time: each component
 * is lstat'ed, symlinks are expanded in place (their targets resolved by the same rules, never by the host
 * kernel), and ".." may not climb above the directory descriptor the lookup started from (as in wasmtime, where
 * every directory handle is its own sandbox). Absolute paths and absolute symlink targets are refused.
 * Escapes are EPERM, as wasmtime reports them (cap-std's "a path led outside of the filesystem").
 */
public final class PathResolver {
    /** Symlink expansions allowed in one lookup before ELOOP (Linux uses 40). */
    public static final int MAX_SYMLINKS = 40;
    private static final int NAME_MAX = 255;

    private PathResolver() {}

    /**
     * A resolved guest path: host root, clean components below it and whether the guest wrote a trailing slash.
     * Components up to {@code floor} are the directory descriptor's own location.
     */
    public record Resolved(DirectoryDescriptor dir, List<String> components, boolean trailingSlash) {
        public Path host() {
            Path p = dir.root();
            for (String c : components) p = p.resolve(c);
            return p;
        }

        /** True if the path names the directory descriptor itself (e.g. "." or "a/.."). */
        public boolean isBase() {
            return components.size() <= dir.components().size();
        }

        public String name() {
            return components.isEmpty() ? null : components.get(components.size() - 1);
        }
    }

    /**
     * @param followFinal whether a symlink in the last component is followed; intermediate ones always are.
     *                    A trailing slash forces following, as POSIX does.
     */
    public static Resolved resolve(DirectoryDescriptor dir, String path, boolean followFinal) throws IOException {
        if (path.isEmpty()) throw new WasiError(Errno.ENOENT);
        if (path.startsWith("/")) throw new WasiError(Errno.EPERM);
        boolean trailingSlash = path.endsWith("/");
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<String> stack = new ArrayList<>(dir.components());
        int floor = stack.size();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            boolean last = todo.isEmpty();
            if (c.equals(".")) continue;
            if (c.equals("..")) {
                if (stack.size() <= floor) throw new WasiError(Errno.EPERM);
                stack.remove(stack.size() - 1);
                continue;
            }
            if (c.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) throw new WasiError(Errno.ENAMETOOLONG);
            if (last && !followFinal && !trailingSlash) {
                stack.add(c);
                break;
            }
            Path p = hostOf(dir.root(), stack).resolve(c);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (!last) throw new WasiError(Errno.ENOENT);
                stack.add(c); // the caller decides whether a missing final entry is an error (creat, mkdir)
                break;
            }
            if (a.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) throw new WasiError(Errno.ELOOP);
                String target = Files.readSymbolicLink(p).toString();
                if (target.isEmpty()) throw new WasiError(Errno.ENOENT);
                if (target.startsWith("/")) throw new WasiError(Errno.EPERM);
                if (last && target.endsWith("/")) trailingSlash = true;
                List<String> t = split(target);
                for (int i = t.size() - 1; i >= 0; i--) todo.addFirst(t.get(i));
                continue;
            }
            if ((!last || trailingSlash) && !a.isDirectory()) throw new WasiError(Errno.ENOTDIR);
            stack.add(c);
        }
        Resolved r = new Resolved(dir, stack, trailingSlash);
        // Belt and braces: the walk above cannot leave the root, but a bug here would be a sandbox escape.
        if (!r.host().normalize().startsWith(dir.root())) throw new WasiError(Errno.EPERM);
        return r;
    }

    private static Path hostOf(Path root, List<String> comps) {
        Path p = root;
        for (String c : comps) p = p.resolve(c);
        return p;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }
}
