package dev.pinion.ota.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value as a small mutable tree: what manifests, status messages and the CLI read and write. Parsing
 * and writing are jackson-core's streaming parser and generator; the tree is ours because the tree library
 * (jackson-databind, 1.7 MB plus its start-up cost) was the largest jar of the .deb for a few dozen objects of
 * strings and integers. Objects keep their members' order; duplicate member names are an error when parsing.
 * Numbers are kept exactly: integers as {@link Long} or {@link BigInteger}, anything else as {@link BigDecimal}.
 */
public final class Json {
    /** What a value is. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final Json NULL = new Json(Kind.NULL, null);

    private final Kind kind;
    /** LinkedHashMap for objects, ArrayList for arrays, String, Long/BigInteger/BigDecimal, Boolean, or null. */
    private final Object value;

    private Json(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    // --- construction ---------------------------------------------------------------------------------------

    public static Json object() { return new Json(Kind.OBJECT, new LinkedHashMap<String, Json>()); }
    public static Json array() { return new Json(Kind.ARRAY, new ArrayList<Json>()); }
    public static Json of(String s) { return s == null ? NULL : new Json(Kind.STRING, s); }
    public static Json of(long n) { return new Json(Kind.NUMBER, n); }
    public static Json of(boolean b) { return new Json(Kind.BOOLEAN, b); }

    /**
     * Parses one JSON value; null when {@code bytes} hold nothing but whitespace. Duplicate member names and
     * anything after the value are errors; the exception's message says what and where (line, column).
     */
    public static Json parse(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            Json v = read(p, t);
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON value at line " + p.currentLocation().getLineNr()
                        + ", column " + p.currentLocation().getColumnNr());
            }
            return v;
        }
    }

    private static Json read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Json o = object();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    o.members().put(name, read(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                Json a = array();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) a.elements().add(read(p, e));
                return a;
            }
            case VALUE_STRING -> { return new Json(Kind.STRING, p.getText()); }
            case VALUE_NUMBER_INT -> {
                return new Json(Kind.NUMBER, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue() : (Object) p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> { return new Json(Kind.NUMBER, p.getDecimalValue()); }
            case VALUE_TRUE -> { return of(true); }
            case VALUE_FALSE -> { return of(false); }
            case VALUE_NULL -> { return NULL; }
            default -> throw new IOException("unexpected " + t + " at line " + p.currentLocation().getLineNr());
        }
    }

    // --- reading --------------------------------------------------------------------------------------------

    public Kind kind() { return kind; }
    public boolean isObject() { return kind == Kind.OBJECT; }
    public boolean isArray() { return kind == Kind.ARRAY; }
    public boolean isString() { return kind == Kind.STRING; }
    public boolean isNumber() { return kind == Kind.NUMBER; }
    public boolean isBoolean() { return kind == Kind.BOOLEAN; }
    public boolean isNull() { return kind == Kind.NULL; }

    /** An integer that fits a signed 64-bit long. */
    public boolean isLong() { return value instanceof Long; }

    /** An integer of any size. */
    public boolean isIntegral() { return value instanceof Long || value instanceof BigInteger; }

    /** This integer; throws if it is not one that fits a long. */
    public long longValue() {
        if (value instanceof Long l) return l;
        throw new IllegalStateException("not a 64-bit integer: " + this);
    }

    /** The string, or null if this is not a string. */
    public String stringValue() { return value instanceof String s ? s : null; }

    public boolean booleanValue() { return Boolean.TRUE.equals(value); }

    /** A scalar as text (strings as they are, numbers in plain decimal, true/false); null for null and containers. */
    public String asText() {
        return switch (kind) {
            case STRING -> (String) value;
            case NUMBER -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case BOOLEAN -> value.toString();
            default -> null;
        };
    }

    /** Member {@code name} of an object; null when absent or when this is not an object. */
    public Json get(String name) { return isObject() ? members().get(name) : null; }

    /** Element {@code i} of an array; null when out of range or when this is not an array. */
    public Json get(int i) { return isArray() && i >= 0 && i < elements().size() ? elements().get(i) : null; }

    public boolean has(String name) { return get(name) != null; }

    /** Members of an object or elements of an array; 0 for scalars. */
    public int size() { return isObject() ? members().size() : isArray() ? elements().size() : 0; }

    /** The member names of an object in order (empty for anything else). */
    public Set<String> names() { return isObject() ? Collections.unmodifiableSet(members().keySet()) : Set.of(); }

    /** The members of an object in order, read-only (empty for anything else). */
    public Map<String, Json> fields() { return isObject() ? Collections.unmodifiableMap(members()) : Map.of(); }

    /** The elements of an array, read-only (empty for anything else). */
    public List<Json> items() { return isArray() ? Collections.unmodifiableList(elements()) : List.of(); }

    // --- editing (objects and arrays) -----------------------------------------------------------------------

    public Json put(String name, Json v) { members().put(name, v == null ? NULL : v); return this; }
    public Json put(String name, String v) { return put(name, of(v)); }
    public Json put(String name, long v) { return put(name, of(v)); }
    public Json put(String name, boolean v) { return put(name, of(v)); }
    public Json remove(String name) { members().remove(name); return this; }
    public Json add(Json v) { elements().add(v == null ? NULL : v); return this; }
    public Json add(String v) { return add(of(v)); }

    /** A copy that shares nothing mutable with this value. */
    public Json deepCopy() {
        return switch (kind) {
            case OBJECT -> {
                Json o = object();
                members().forEach((k, v) -> o.members().put(k, v.deepCopy()));
                yield o;
            }
            case ARRAY -> {
                Json a = array();
                elements().forEach(e -> a.elements().add(e.deepCopy()));
                yield a;
            }
            default -> this; // scalars are immutable
        };
    }

    // --- writing --------------------------------------------------------------------------------------------

    /** Compact UTF-8 JSON. */
    public byte[] toBytes() {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Indented JSON for people. */
    public String toPrettyString() {
        var out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Compact JSON text. */
    @Override
    public String toString() {
        return new String(toBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Json j && kind == j.kind && java.util.Objects.equals(value, j.value);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + java.util.Objects.hashCode(value);
    }

    private void write(JsonGenerator g) throws IOException {
        switch (kind) {
            case OBJECT -> {
                g.writeStartObject();
                for (var e : members().entrySet()) {
                    g.writeFieldName(e.getKey());
                    e.getValue().write(g);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (Json e : elements()) e.write(g);
                g.writeEndArray();
            }
            case STRING -> g.writeString((String) value);
            case NUMBER -> {
                if (value instanceof Long l) g.writeNumber(l);
                else if (value instanceof BigInteger b) g.writeNumber(b);
                else g.writeNumber((BigDecimal) value);
            }
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case NULL -> g.writeNull();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Json> members() {
        if (kind != Kind.OBJECT) throw new IllegalStateException("not a JSON object: " + kind);
        return (Map<String, Json>) value;
    }

    @SuppressWarnings("unchecked")
    private List<Json> elements() {
        if (kind != Kind.ARRAY) throw new IllegalStateException("not a JSON array: " + kind);
        return (List<Json>) value;
    }
}
