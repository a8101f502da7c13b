package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.ota.json.Json;
import dev.pinion.ota.internal.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestTest {
    static final java.security.KeyPair KEYS = KeyFiles.generate();
    static final SigningKey SIGNER = new SigningKey(KeyFiles.keyId(KEYS.getPublic()), KEYS.getPrivate());
    static final TrustedKeys TRUSTED = TrustedKeys.of(List.of(KEYS.getPublic()));
    static final byte[] WASM = TestModules.counter("manifest", 20_000);

    static Manifest signed() throws OtaException {
        return SIGNER.sign(Manifest.builder("thermostat", "1.2.0", WASM)
                .grants(List.of("led:out", "room_temp:read"))
                .trigger(new Trigger("mqtt", "on_message", Map.of("topic", "home/+/temp")))
                .limits(new ModuleLimits(1_000_000L, 100L, 16L)));
    }

    @Test
    void signedManifest_roundTripsAndVerifies() throws Exception {
        Manifest m = signed();
        Manifest back = Manifest.parse(m.toBytes());
        TRUSTED.verify(back);
        assertEquals("thermostat", back.name());
        assertEquals(Version.parse("1.2.0"), back.version());
        assertEquals(Hashes.sha256Hex(WASM), back.sha256());
        assertEquals(WASM.length, back.size());
        assertEquals(4, back.chunkCount());
        assertEquals(WASM.length - 3 * Manifest.DEFAULT_CHUNK_SIZE, back.chunkLength(3));
        assertEquals(List.of("led:out", "room_temp:read"), back.grants());
        assertEquals("home/+/temp", back.triggers().get(0).params().get("topic"));
        assertEquals(1_000_000L, back.limits().fuel());
        assertEquals(SIGNER.keyId(), back.keyId());
    }

    @Test
    void canonicalEncoding_sortsKeys_dropsWhitespace_andEscapesOnlyWhatItMust() throws Exception {
        Json o = Json.parse(
                "{ \"b\": [1, true, \"x\\u0001\\n\\\"é\\u20ac\"], \"a\": {\"z\": -5, \"B\": \"/\"} }"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":{\"B\":\"/\",\"z\":-5},\"b\":[1,true,\"x\\u0001\\n\\\"é€\"]}", CanonicalJson.toText(o));
    }

    @Test
    void signedBytes_areThePrefixAndTheCanonicalJsonWithoutSignature() throws Exception {
        Manifest m = signed();
        Json unsigned = m.toJson();
        unsigned.remove("signature");
        String expected = "pinion-manifest-v1\n" + CanonicalJson.toText(unsigned);
        assertEquals(expected, new String(m.signedBytes(), StandardCharsets.UTF_8));
        // Member order and whitespace on the wire do not matter: the same fields verify.
        String reordered = m.toJson().toPrettyString();
        TRUSTED.verify(Manifest.parse(reordered.getBytes(StandardCharsets.UTF_8)));
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("name", (Consumer<Json>) o -> o.put("name", "thermostat2")),
                Arguments.of("version", (Consumer<Json>) o -> o.put("version", "1.2.1")),
                Arguments.of("sha256", (Consumer<Json>) o -> o.put("sha256", "0".repeat(64))),
                Arguments.of("size", (Consumer<Json>) o -> o.put("size", o.get("size").longValue() - 1)),
                Arguments.of("grants added", (Consumer<Json>) o -> o.get("grants").add("relay:out")),
                Arguments.of("grants reordered", (Consumer<Json>) o -> o.put("grants", Json.array().add("room_temp:read").add("led:out"))),
                Arguments.of("grant removed", (Consumer<Json>) o -> o.put("grants", Json.array().add("led:out"))),
                Arguments.of("trigger topic", (Consumer<Json>) o -> o.get("triggers").get(0).put("topic", "#")),
                Arguments.of("limits", (Consumer<Json>) o -> o.get("limits").put("fuel", 9_000_000)),
                Arguments.of("limits removed", (Consumer<Json>) o -> o.remove("limits")),
                Arguments.of("rollback_from added", (Consumer<Json>) o -> o.put("rollback_from", "9.9.9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void anyFieldEditedAfterSigning_breaksTheSignature(String what, Consumer<Json> edit) throws Exception {
        Json o = signed().toJson();
        edit.accept(o);
        Manifest tampered;
        try {
            tampered = Manifest.parse(o.toString().getBytes(StandardCharsets.UTF_8));
        } catch (OtaException e) {
            assertEquals(Reason.MANIFEST_MALFORMED, e.reason(), e.getMessage()); // e.g. size no longer matches chunk_count
            return;
        }
        OtaException e = assertThrows(OtaException.class, () -> TRUSTED.verify(tampered));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void keyRotation_twoTrustedKeys_bothVerify_andAnUnknownOneIsNamed() throws Exception {
        var second = KeyFiles.generate();
        var rotated = TrustedKeys.of(List.of(KEYS.getPublic(), second.getPublic()));
        rotated.verify(signed());
        rotated.verify(new SigningKey(KeyFiles.keyId(second.getPublic()), second.getPrivate())
                .sign(Manifest.builder("x", "1.0.0", WASM)));
        var third = KeyFiles.generate();
        Manifest byThird = new SigningKey(KeyFiles.keyId(third.getPublic()), third.getPrivate())
                .sign(Manifest.builder("x", "1.0.0", WASM));
        OtaException e = assertThrows(OtaException.class, () -> rotated.verify(byThird));
        assertEquals(Reason.UNKNOWN_KEY, e.reason());
        assertTrue(e.detail().contains(byThird.keyId()));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not json", "{{", "not JSON"),
                Arguments.of("array", "[1]", "not a JSON object"),
                Arguments.of("unknown field", "{\"format\":1,\"extra\":true}", "unknown field \"extra\""),
                Arguments.of("duplicate field", "{\"format\":1,\"format\":1}", "Duplicate field"),
                Arguments.of("wrong format", "{\"format\":2}", "format 2"),
                Arguments.of("float", base().replace("\"size\":20000", "\"size\":2.0e4"), "size: expected an integer"),
                Arguments.of("bad name", base().replace("\"name\":\"t\"", "\"name\":\"../etc\""), "name:"),
                Arguments.of("bad version", base().replace("1.0.0", "1.0"), "MAJOR.MINOR.PATCH"),
                Arguments.of("chunk count", base().replace("\"chunk_count\":4", "\"chunk_count\":5"), "chunk_count 5"),
                Arguments.of("tiny chunks", base().replace("\"chunk_size\":6144", "\"chunk_size\":16"), "chunk_size"),
                Arguments.of("null", base().replace("\"grants\":[]", "\"grants\":null"), "grants"),
                Arguments.of("grant with space", base().replace("\"grants\":[]", "\"grants\":[\"led out\"]"), "grants[0]"),
                Arguments.of("limit zero", base().replace("\"grants\":[]", "\"grants\":[],\"limits\":{\"fuel\":0}"), "limits.fuel"));
    }

    static String base() {
        return "{\"format\":1,\"name\":\"t\",\"version\":\"1.0.0\",\"sha256\":\"" + "a".repeat(64)
                + "\",\"size\":20000,\"chunk_size\":6144,\"chunk_count\":4,\"grants\":[],\"key_id\":\"" + "b".repeat(16) + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedManifests_areRejectedNamingTheField(String what, String json, String expected) {
        OtaException e = assertThrows(OtaException.class, () -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.MANIFEST_MALFORMED, e.reason());
        assertTrue(e.detail().contains(expected), e.detail());
    }

    @Test
    void baseManifest_parses() throws Exception {
        assertEquals("t", Manifest.parse(base().getBytes(StandardCharsets.UTF_8)).name());
    }

    @Test
    void oversizedManifest_isRejectedBeforeParsing() {
        OtaException e = assertThrows(OtaException.class, () -> Manifest.parse(new byte[Manifest.MAX_BYTES + 1]));
        assertEquals(Reason.MANIFEST_TOO_LARGE, e.reason());
    }

    @Test
    void wireForm_isCanonical() throws Exception {
        Manifest m = signed();
        assertArrayEquals(CanonicalJson.write(m.toJson()), m.toBytes());
        assertTrue(m.toBytes().length < Manifest.MAX_BYTES);
    }
}
