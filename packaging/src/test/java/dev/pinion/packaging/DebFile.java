package dev.pinion.packaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A .deb read the way dpkg reads it: an ar archive of debian-binary, control.tar.gz and data.tar.gz, each tar
 * entry with its path, mode, owner and bytes. Written for these tests so they need no dpkg-deb on the build host.
 */
record DebFile(String debianBinary, Map<String, Entry> control, Map<String, Entry> data) {

    /** One tar entry; {@code path} without the leading "./", directories ending in "/". */
    record Entry(String path, char type, int mode, int uid, int gid, String user, String group, byte[] bytes) {
        boolean isDirectory() { return type == '5'; }
        String text() { return new String(bytes, StandardCharsets.UTF_8); }
    }

    static DebFile read(Path deb) throws IOException {
        byte[] ar = Files.readAllBytes(deb);
        if (!new String(ar, 0, 8, StandardCharsets.US_ASCII).equals("!<arch>\n")) {
            throw new IOException(deb + ": not an ar archive");
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        int pos = 8;
        while (pos + 60 <= ar.length) {
            String name = ascii(ar, pos, 16).trim();
            int size = Integer.parseInt(ascii(ar, pos + 48, 10).trim());
            if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
            byte[] body = new byte[size];
            System.arraycopy(ar, pos + 60, body, 0, size);
            members.put(name, body);
            pos += 60 + size + (size & 1);
        }
        if (!members.keySet().stream().toList().equals(java.util.List.of("debian-binary", "control.tar.gz", "data.tar.gz"))) {
            throw new IOException(deb + ": ar members " + members.keySet() + ", expected debian-binary, control.tar.gz, data.tar.gz");
        }
        return new DebFile(new String(members.get("debian-binary"), StandardCharsets.US_ASCII),
                untar(members.get("control.tar.gz")), untar(members.get("data.tar.gz")));
    }

    private static Map<String, Entry> untar(byte[] gz) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            tar = in.readAllBytes();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        String longName = null;
        int pos = 0;
        while (pos + 512 <= tar.length && tar[pos] != 0) {
            String name = cString(tar, pos, 100);
            int mode = (int) octal(tar, pos + 100, 8);
            int uid = (int) octal(tar, pos + 108, 8);
            int gid = (int) octal(tar, pos + 116, 8);
            int size = (int) octal(tar, pos + 124, 12);
            char type = tar[pos + 156] == 0 ? '0' : (char) tar[pos + 156];
            String user = cString(tar, pos + 265, 32);
            String group = cString(tar, pos + 297, 32);
            String prefix = cString(tar, pos + 345, 155);
            byte[] body = new byte[size];
            System.arraycopy(tar, pos + 512, body, 0, size);
            pos += 512 + (size + 511) / 512 * 512;
            if (type == 'L') { // GNU long name: the next entry's path
                longName = cString(body, 0, body.length);
                continue;
            }
            if (type == 'x') { // PAX extended header: take its path, if any
                for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
                    int eq = record.indexOf(" path=");
                    if (eq >= 0) longName = record.substring(eq + 6);
                }
                continue;
            }
            String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
            longName = null;
            if (path.startsWith("./")) path = path.substring(2);
            if (path.isEmpty()) continue; // the archive root "./"
            entries.put(path, new Entry(path, type, mode, uid, gid, user, group, body));
        }
        return entries;
    }

    /** control's fields; continuation lines folded into their field with newlines. */
    Map<String, String> controlFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : control.get("control").text().split("\n")) {
            if (line.startsWith(" ") && last != null) {
                fields.merge(last, "\n" + line.substring(1), String::concat);
            } else if (!line.isBlank()) {
                int colon = line.indexOf(':');
                last = line.substring(0, colon);
                fields.put(last, line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static String ascii(byte[] b, int off, int len) { return new String(b, off, len, StandardCharsets.US_ASCII); }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = cString(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
