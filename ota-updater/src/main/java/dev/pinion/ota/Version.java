package dev.pinion.ota;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A module version, ordered like Semantic Versioning 2.0: {@code MAJOR.MINOR.PATCH} compared numerically, then
 * an optional pre-release ({@code 1.0.0-rc.1}) that sorts before the release it precedes, compared identifier by
 * identifier (numeric identifiers numerically and below alphanumeric ones, a shorter list first when all shared
 * identifiers are equal). Build metadata ({@code +build.7}) is kept in the text but ignored for ordering, so
 * {@code 1.0.0+a} and {@code 1.0.0+b} are the same version to the downgrade rule. Leading zeros are refused so
 * that one version has one spelling.
 */
public record Version(long major, long minor, long patch, List<String> preRelease, String text)
        implements Comparable<Version> {

    private static final Pattern SYNTAX = Pattern.compile(
            "(0|[1-9][0-9]{0,17})\\.(0|[1-9][0-9]{0,17})\\.(0|[1-9][0-9]{0,17})"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public Version {
        preRelease = List.copyOf(preRelease);
    }

    /** Parses {@code text}; throws IllegalArgumentException saying what is wrong. */
    public static Version parse(String text) {
        if (text == null || text.length() > 64 || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("version \"" + text + "\" is not MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]"
                    + " (numbers without leading zeros, at most 64 characters)");
        }
        var m = SYNTAX.matcher(text);
        m.matches();
        List<String> pre = new ArrayList<>();
        if (m.group(4) != null) {
            for (String id : m.group(4).split("\\.")) {
                if (id.length() > 1 && id.charAt(0) == '0' && id.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("version \"" + text + "\": numeric pre-release identifier "
                            + id + " has a leading zero");
                }
                pre.add(id);
            }
        }
        return new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                pre, text);
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit), bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (an != bn) return an ? -1 : 1;
        return a.compareTo(b);
    }

    /** True when this version orders before {@code other}. */
    public boolean isBefore(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
