package dev.pinion.ota;

import dev.pinion.ota.internal.CanonicalJson;
import dev.pinion.ota.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signed description of one module release (docs/ota-protocol.md, "Manifest"). Immutable. A manifest keeps
 * the JSON object it was parsed from, and the signature covers {@link #signedBytes()}: a fixed prefix plus the
 * canonical encoding of every field except {@code signature}, so editing any field (grants included) breaks it.
 * Parsing is strict: unknown or duplicated fields, wrong types and inconsistent sizes are rejected as
 * {@link Reason#MANIFEST_MALFORMED} before any signature check.
 */
public final class Manifest {
    /** The only manifest format this code reads and writes. */
    public static final int FORMAT = 1;
    /**
     * Largest accepted manifest payload. It keeps the whole MQTT message under Moquette 0.17's default
     * 8,092-byte limit, with room for a long topic and MQTT 5 properties.
     */
    public static final int MAX_BYTES = 7168;
    /** Default chunk size: a chunk message (topic included) stays well under Moquette's 8,092-byte default. */
    public static final int DEFAULT_CHUNK_SIZE = 6144;
    /** Largest chunk size a manifest may declare (same broker limit, with ~900 bytes of headroom). */
    public static final int MAX_CHUNK_SIZE = 7168;
    /** Smallest chunk size: below this the per-message overhead dominates and chunk counts explode. */
    public static final int MIN_CHUNK_SIZE = 256;
    /** Domain separation: these bytes precede the canonical JSON in the signed message. */
    static final byte[] SIGNED_PREFIX = "pinion-manifest-v1\n".getBytes(StandardCharsets.US_ASCII);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern GRANT = Pattern.compile("[^\\s]{1,128}");
    private static final Set<String> FIELDS = Set.of("format", "name", "version", "sha256", "size", "chunk_size",
            "chunk_count", "triggers", "grants", "publish", "limits", "rollback_from", "key_id", "signature");
    private static final Set<String> LIMIT_FIELDS = Set.of("fuel", "deadline_ms", "max_memory_pages");

    private final Json tree;
    private final String name;
    private final Version version;
    private final String sha256;
    private final long size;
    private final int chunkSize;
    private final int chunkCount;
    private final List<Trigger> triggers;
    private final List<String> grants;
    private final List<String> publish;
    private final ModuleLimits limits;
    private final Version rollbackFrom;
    private final String keyId;
    private final String signature;

    private Manifest(Json tree) throws OtaException {
        this.tree = tree;
        for (String f : tree.names()) {
            if (!FIELDS.contains(f)) throw malformed("unknown field \"" + f + "\"");
        }
        long format = integer("format", 1, Integer.MAX_VALUE);
        if (format != FORMAT) throw malformed("format " + format + " is not supported (this gateway reads " + FORMAT + ")");
        name = text("name", NAME, "lower-case letters, digits, _ and -, at most 64 characters");
        try {
            version = Version.parse(text("version", null, null));
            rollbackFrom = tree.has("rollback_from") ? Version.parse(text("rollback_from", null, null)) : null;
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
        sha256 = text("sha256", SHA256, "64 lower-case hex digits");
        size = integer("size", 1, Integer.MAX_VALUE - 8);
        chunkSize = (int) integer("chunk_size", MIN_CHUNK_SIZE, MAX_CHUNK_SIZE);
        chunkCount = (int) integer("chunk_count", 1, Integer.MAX_VALUE);
        long expectedChunks = (size + chunkSize - 1) / chunkSize;
        if (chunkCount != expectedChunks) {
            throw malformed("chunk_count " + chunkCount + " does not match size " + size + " / chunk_size " + chunkSize
                    + " (expected " + expectedChunks + ")");
        }
        triggers = parseTriggers();
        grants = strings("grants", "a non-empty string without spaces, like \"led:out\"");
        publish = strings("publish", "a non-empty MQTT topic filter without spaces, like \"alerts/#\"");
        limits = parseLimits();
        keyId = text("key_id", KEY_ID, "16 lower-case hex digits");
        signature = tree.has("signature") ? text("signature", null, null) : null;
        try {
            CanonicalJson.write(tree);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    /**
     * Parses a manifest payload.
     *
     * @throws OtaException {@link Reason#MANIFEST_TOO_LARGE} or {@link Reason#MANIFEST_MALFORMED}, naming the field
     */
    public static Manifest parse(byte[] payload) throws OtaException {
        if (payload.length > MAX_BYTES) {
            throw new OtaException(Reason.MANIFEST_TOO_LARGE, "manifest is " + payload.length + " bytes, more than "
                    + MAX_BYTES);
        }
        Json node;
        try {
            node = Json.parse(payload);
        } catch (IOException e) {
            throw malformed("not JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw malformed("not a JSON object");
        }
        return new Manifest(node);
    }

    /** Starts an unsigned manifest for {@code module}: sizes and hash are computed from the bytes. */
    public static Builder builder(String name, String version, byte[] module) {
        return new Builder(name, version, module);
    }

    /** Reads an unsigned template (name, version, triggers, grants, limits, chunk_size, rollback_from). */
    public static Json readTemplate(byte[] json) throws IOException {
        Json node = Json.parse(json);
        if (node == null || !node.isObject()) throw new IOException("manifest template is not a JSON object");
        return node;
    }

    public String name() { return name; }
    public Version version() { return version; }
    public String sha256() { return sha256; }
    public long size() { return size; }
    public int chunkSize() { return chunkSize; }
    public int chunkCount() { return chunkCount; }
    public List<Trigger> triggers() { return triggers; }
    public List<String> grants() { return grants; }
    /** MQTT topic filters the module may publish within (through pinion_mqtt). */
    public List<String> publish() { return publish; }
    public ModuleLimits limits() { return limits; }
    /** For a signed rollback request: the only active version this manifest may replace with a lower one. */
    public Version rollbackFrom() { return rollbackFrom; }
    public String keyId() { return keyId; }
    /** Base64 Ed25519 signature, or null if unsigned. */
    public String signature() { return signature; }

    /** Length chunk {@code index} must have: chunk_size, except the last, which holds the rest. */
    public int chunkLength(int index) {
        if (index < 0 || index >= chunkCount) throw new IndexOutOfBoundsException(index);
        return index < chunkCount - 1 ? chunkSize : (int) (size - (long) chunkSize * (chunkCount - 1));
    }

    /** The bytes the signature covers: {@code "pinion-manifest-v1\n"} then the canonical JSON without signature. */
    public byte[] signedBytes() {
        Json copy = tree.deepCopy();
        copy.remove("signature");
        byte[] body = CanonicalJson.write(copy);
        byte[] out = new byte[SIGNED_PREFIX.length + body.length];
        System.arraycopy(SIGNED_PREFIX, 0, out, 0, SIGNED_PREFIX.length);
        System.arraycopy(body, 0, out, SIGNED_PREFIX.length, body.length);
        return out;
    }

    /** The wire form: canonical JSON of all fields, signature included. */
    public byte[] toBytes() {
        return CanonicalJson.write(tree);
    }

    /** A copy of the JSON object (for tools that want to show or edit it). */
    public Json toJson() {
        return tree.deepCopy();
    }

    /** This manifest with {@code signature} set (key_id is already part of the signed fields). */
    public Manifest withSignature(String base64) {
        Json copy = tree.deepCopy();
        copy.put("signature", base64);
        try {
            return new Manifest(copy);
        } catch (OtaException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + version + " (" + sha256.substring(0, 12) + ")";
    }

    private List<Trigger> parseTriggers() throws OtaException {
        Json arr = tree.get("triggers");
        if (arr == null) return List.of();
        if (!arr.isArray()) throw malformed("triggers: expected an array");
        List<Trigger> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            Json t = arr.get(i);
            String at = "triggers[" + i + "]";
            if (!t.isObject()) throw malformed(at + ": expected an object");
            Map<String, String> params = new LinkedHashMap<>();
            for (var e : t.fields().entrySet()) {
                if (!(e.getValue().isString() || e.getValue().isIntegral() || e.getValue().isBoolean())) {
                    throw malformed(at + "." + e.getKey() + ": expected a string, integer or boolean");
                }
                params.put(e.getKey(), e.getValue().asText());
            }
            String type = params.remove("type");
            String export = params.remove("export");
            if (type == null || type.isEmpty()) throw malformed(at + ": missing \"type\"");
            if (export == null || export.isEmpty()) throw malformed(at + ": missing \"export\"");
            out.add(new Trigger(type, export, params));
        }
        return List.copyOf(out);
    }

    private List<String> strings(String field, String what) throws OtaException {
        Json arr = tree.get(field);
        if (arr == null) return List.of();
        if (!arr.isArray()) throw malformed(field + ": expected an array of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            Json g = arr.get(i);
            if (!g.isString() || !GRANT.matcher(g.stringValue()).matches()) {
                throw malformed(field + "[" + i + "]: expected " + what);
            }
            out.add(g.stringValue());
        }
        return List.copyOf(out);
    }

    private ModuleLimits parseLimits() throws OtaException {
        Json l = tree.get("limits");
        if (l == null) return ModuleLimits.DEFAULT;
        if (!l.isObject()) throw malformed("limits: expected an object");
        for (String f : l.names()) {
            if (!LIMIT_FIELDS.contains(f)) throw malformed("limits: unknown field \"" + f + "\"");
        }
        return new ModuleLimits(limit(l, "fuel"), limit(l, "deadline_ms"), limit(l, "max_memory_pages"));
    }

    private static Long limit(Json l, String field) throws OtaException {
        Json v = l.get(field);
        if (v == null) return null;
        if (!v.isLong() || v.longValue() < 1) {
            throw malformed("limits." + field + ": expected a positive integer");
        }
        return v.longValue();
    }

    private String text(String field, Pattern pattern, String what) throws OtaException {
        Json v = tree.get(field);
        if (v == null) throw malformed("missing \"" + field + "\"");
        if (!v.isString()) throw malformed(field + ": expected a string");
        if (pattern != null && !pattern.matcher(v.stringValue()).matches()) {
            throw malformed(field + ": \"" + v.stringValue() + "\" is not " + what);
        }
        return v.stringValue();
    }

    private long integer(String field, long min, long max) throws OtaException {
        Json v = tree.get(field);
        if (v == null) throw malformed("missing \"" + field + "\"");
        if (!v.isLong()) throw malformed(field + ": expected an integer");
        long x = v.longValue();
        if (x < min || x > max) throw malformed(field + ": " + x + " is outside " + min + ".." + max);
        return x;
    }

    private static OtaException malformed(String detail) {
        return new OtaException(Reason.MANIFEST_MALFORMED, detail);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Builds an unsigned manifest; {@link SigningKey#sign} adds key_id and signature. */
    public static final class Builder {
        private final Json tree = Json.object();
        private final byte[] module;
        private int chunkSize = DEFAULT_CHUNK_SIZE;

        private Builder(String name, String version, byte[] module) {
            this.module = module;
            tree.put("format", FORMAT);
            tree.put("name", name);
            if (version != null) tree.put("version", version);
        }

        /** Copies name, version, triggers, grants, limits, chunk_size and rollback_from from a template. */
        public Builder template(Json template) throws OtaException {
            for (var e : template.fields().entrySet()) {
                switch (e.getKey()) {
                    case "name", "version", "rollback_from", "triggers", "grants", "publish", "limits" ->
                            tree.put(e.getKey(), e.getValue().deepCopy());
                    case "chunk_size" -> chunkSize = e.getValue().isLong() ? (int) Math.max(Integer.MIN_VALUE,
                            Math.min(Integer.MAX_VALUE, e.getValue().longValue())) : 0;
                    case "format", "sha256", "size", "chunk_count", "key_id", "signature" -> { } // recomputed
                    default -> throw malformed("template: unknown field \"" + e.getKey() + "\"");
                }
            }
            return this;
        }

        public Builder name(String name) { tree.put("name", name); return this; }
        public Builder version(String version) { tree.put("version", version); return this; }
        public Builder chunkSize(int size) { this.chunkSize = size; return this; }
        public Builder rollbackFrom(String version) { tree.put("rollback_from", version); return this; }

        public Builder grants(List<String> grants) {
            Json a = Json.array();
            grants.forEach(a::add);
            tree.put("grants", a);
            return this;
        }

        public Builder publish(List<String> filters) {
            Json a = Json.array();
            filters.forEach(a::add);
            tree.put("publish", a);
            return this;
        }

        public Builder trigger(Trigger t) {
            if (!tree.has("triggers")) tree.put("triggers", Json.array());
            Json o = Json.object();
            tree.get("triggers").add(o);
            o.put("type", t.type());
            o.put("export", t.export());
            t.params().forEach(o::put);
            return this;
        }

        public Builder limits(ModuleLimits l) {
            Json o = Json.object();
            tree.put("limits", o);
            if (l.fuel() != null) o.put("fuel", l.fuel());
            if (l.deadlineMillis() != null) o.put("deadline_ms", l.deadlineMillis());
            if (l.maxMemoryPages() != null) o.put("max_memory_pages", l.maxMemoryPages());
            return this;
        }

        /** Null when no version was given yet (the one field a builder cannot default). */
        public Manifest buildUnsigned() throws OtaException {
            return tree.has("version") ? build("0000000000000000") : null;
        }

        /** The unsigned manifest for {@code keyId}; throws if a field is invalid. */
        public Manifest build(String keyId) throws OtaException {
            tree.put("sha256", Hashes.sha256Hex(module));
            tree.put("size", module.length);
            tree.put("chunk_size", chunkSize);
            tree.put("chunk_count", module.length == 0 ? 0 : (module.length + chunkSize - 1) / chunkSize);
            tree.put("key_id", keyId);
            tree.remove("signature");
            return new Manifest(tree.deepCopy());
        }
    }
}
