package dev.pinion.runtime.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One node of a Pinion YAML file (the daemon config, a board file), with where it came from.
 *
 * <p>Section parsers read their part of the file through this class and nothing else, so every error names the
 * file, the line and the dotted key path in the same way ({@link ConfigException}). Reading is strict: a section
 * declares its keys with {@link #keys(String...)}, and anything else is an error with a "did you mean" hint,
 * because a misspelt key silently ignored is a setting silently not applied on a gateway nobody can reach.
 *
 * <p>YAML is parsed to nodes only (snakeyaml-engine's compose step, YAML 1.2 core schema), never to Java objects:
 * no tags are honoured, so a config file cannot construct anything. Scalars are read by the type the caller asks
 * for, so {@code device_id: 42} is the string "42" where a string is expected.
 */
public final class ConfigNode {
    private final Node node;
    private final String source;
    private final String path;
    private final Path baseDir;
    /** 1-based line of the key this node is the value of (0 for the root and list items). */
    private final int keyLine;
    /** For a map: key to (key node, value node), built once, duplicate keys rejected. */
    private Map<String, NodeTuple> map;

    private ConfigNode(Node node, String source, String path, Path baseDir, int keyLine) {
        this.node = node;
        this.keyLine = keyLine;
        this.source = source;
        this.path = path;
        this.baseDir = baseDir;
    }

    /** Reads and parses a YAML file; relative paths in it resolve against the file's directory. */
    public static ConfigNode load(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, "", "no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, "", "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "", "cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir == null ? Path.of("") : dir);
    }

    /**
     * Parses YAML text.
     *
     * @param sourceName what errors call the text (usually the file name)
     * @param baseDir where relative {@link #file()} values resolve
     */
    public static ConfigNode parse(String yaml, String sourceName, Path baseDir) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(sourceName)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(4 * 1024 * 1024)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "not valid YAML" : "not valid YAML: " + e.getProblem();
            if (e.getContext() != null) problem += " (" + e.getContext() + ")";
            throw new ConfigException(sourceName, line, "", problem);
        } catch (YamlEngineException e) {
            throw new ConfigException(sourceName, 0, "", "not valid YAML: " + e.getMessage());
        }
        Node node = root.orElseGet(() -> new MappingNode(Tag.MAP, List.of(), FlowStyle.BLOCK));
        return new ConfigNode(node, sourceName, "", baseDir, 0);
    }

    /** The dotted key path of this node ({@code broker.tls.ca_file}, {@code modules[2]}); empty for the root. */
    public String path() {
        return path;
    }

    /** The file (or source) name. */
    public String source() {
        return source;
    }

    /** 1-based line where this node starts; 0 when unknown. */
    public int line() {
        return line(node);
    }

    private static int line(Node n) {
        return n.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }

    /** An error at this node, for checks the section parser makes itself (ranges, combinations). */
    public ConfigException error(String problem) {
        return new ConfigException(source, line(), path, problem);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    /** True for an empty value ({@code key:}), {@code ~} and {@code null}. */
    public boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    // ---- maps ------------------------------------------------------------------------------------------------

    /**
     * Checks that this is a map whose keys are all among {@code allowed}; returns this for chaining. An unknown key
     * is an error at its own line, with the closest allowed key suggested.
     */
    public ConfigNode keys(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (NodeTuple t : tuples().values()) {
            String key = keyText(t);
            if (!ok.contains(key)) {
                String hint = closest(key, allowed).map(c -> "; did you mean '" + c + "'?").orElse("");
                throw new ConfigException(source, line(t.getKeyNode()), child(key),
                        "unknown key" + hint + " (allowed here: " + String.join(", ", new TreeSet<>(ok)) + ")");
            }
        }
        return this;
    }

    /** True when the map has {@code key} with a non-null value. */
    public boolean has(String key) {
        return find(key).isPresent();
    }

    /** The value of a required key; missing or empty is an error naming the key. */
    public ConfigNode get(String key) {
        return find(key).orElseThrow(() -> {
            NodeTuple t = tuples().get(key);
            // A missing key is reported where its map is introduced ("broker:"), where the operator would add it.
            int at = t != null ? line(t.getKeyNode()) : keyLine > 0 ? keyLine : line();
            String problem = t == null ? "missing required key" : "has no value";
            return new ConfigException(source, at, child(key), problem);
        });
    }

    /** The value of an optional key; empty when the key is absent or has no value. */
    public Optional<ConfigNode> find(String key) {
        NodeTuple t = tuples().get(key);
        if (t == null) return Optional.empty();
        ConfigNode value = new ConfigNode(t.getValueNode(), source, child(key), baseDir, line(t.getKeyNode()));
        return value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /**
     * The entries of a map whose keys the operator chooses (device names, module names), in file order. Values
     * may be null nodes; check {@link #isNull()} where that matters.
     */
    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : tuples().entrySet()) {
            out.put(e.getKey(), new ConfigNode(e.getValue().getValueNode(), source, child(e.getKey()), baseDir, line(e.getValue().getKeyNode())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** An error at the line of {@code key} in this map (or at the map when absent). */
    public ConfigException errorAt(String key, String problem) {
        NodeTuple t = tuples().get(key);
        return new ConfigException(source, t == null ? line() : line(t.getValueNode()), child(key), problem);
    }

    private Map<String, NodeTuple> tuples() {
        if (map != null) return map;
        if (!(node instanceof MappingNode m)) throw error("expected a map of key: value lines, found " + kind());
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                throw new ConfigException(source, line(t.getKeyNode()), path, "keys must be plain words, found " + kind(t.getKeyNode()));
            }
            String key = keyText(t);
            Integer first = firstLine.putIfAbsent(key, line(t.getKeyNode()));
            if (first != null) {
                throw new ConfigException(source, line(t.getKeyNode()), child(key), "duplicate key (first given at line " + first + ")");
            }
            out.put(key, t);
        }
        return map = out;
    }

    private static String keyText(NodeTuple t) {
        return ((ScalarNode) t.getKeyNode()).getValue();
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    // ---- lists -----------------------------------------------------------------------------------------------

    /** The items of a list ({@code - item} lines or {@code [a, b]}); an empty value reads as an empty list. */
    public List<ConfigNode> list() {
        if (isNull()) return List.of();
        if (!(node instanceof SequenceNode seq)) throw error("expected a list, found " + kind());
        List<ConfigNode> out = new ArrayList<>();
        for (Node item : seq.getValue()) out.add(new ConfigNode(item, source, path + "[" + out.size() + "]", baseDir, 0));
        return Collections.unmodifiableList(out);
    }

    /** A list of strings; a single scalar is accepted as a list of one (so {@code grants: led:out} works). */
    public List<String> strings() {
        if (node instanceof ScalarNode && !isNull()) return List.of(string());
        return list().stream().map(ConfigNode::string).toList();
    }

    // ---- scalars ---------------------------------------------------------------------------------------------

    /** A scalar's text (numbers and booleans too: {@code device_id: 42} is "42"); never empty. */
    public String string() {
        String s = scalar("a string");
        if (s.isEmpty()) throw error("expected a non-empty string");
        return s;
    }

    public long longValue(long min, long max) {
        String s = scalar("an integer").replace("_", "");
        long v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("expected an integer, found \"" + scalar("an integer") + "\"");
        }
        if (v < min || v > max) throw error("must be between " + min + " and " + max + ", found " + v);
        return v;
    }

    public int intValue(int min, int max) {
        return (int) longValue(min, max);
    }

    public double doubleValue() {
        String s = scalar("a number");
        try {
            double d = Double.parseDouble(s.replace("_", ""));
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error("expected a number, found \"" + s + "\"");
    }

    /** {@code true} or {@code false} (YAML 1.2; {@code yes}/{@code on} are refused with a hint). */
    public boolean bool() {
        String s = scalar("true or false").toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error("expected true or false, found \"" + scalar("") + "\"");
        };
    }

    /** A duration with a unit: {@code 500ms}, {@code 10s}, {@code 2m} (see {@link Units#duration}). */
    public Duration duration() {
        try {
            return Units.duration(scalar("a duration"));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A size in bytes: {@code 64MiB}, {@code 512K}, {@code 65536} (see {@link Units#bytes}). */
    public long bytes() {
        try {
            return Units.bytes(scalar("a size"));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A path; relative ones resolve against the config file's directory. Existence is the caller's check. */
    public Path file() {
        Path p = Path.of(string());
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    /** One of a fixed set of words (case-sensitive), e.g. a provider or a protocol version. */
    public String oneOf(String... options) {
        String s = scalar("one of " + String.join(", ", options));
        if (Arrays.asList(options).contains(s)) return s;
        String hint = closest(s, options).map(c -> "; did you mean '" + c + "'?").orElse("");
        throw error("expected one of " + String.join(", ", options) + ", found \"" + s + "\"" + hint);
    }

    private String scalar(String expected) {
        if (node instanceof ScalarNode s && !isNull()) return s.getValue();
        throw error("expected " + expected + ", found " + kind());
    }

    private String kind() {
        return kind(node);
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) return "a map";
        if (n instanceof SequenceNode) return "a list";
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) return "no value";
        return "\"" + ((ScalarNode) n).getValue() + "\"";
    }

    /** The allowed word closest to a misspelling, when it is close enough to be a plausible typo. */
    static Optional<String> closest(String word, String... options) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String o : options) {
            int d = Spelling.distance(word.toLowerCase(Locale.ROOT), o.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = o;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(3, word.length() / 3)) ? Optional.of(best) : Optional.empty();
    }
}
