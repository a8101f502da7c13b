package dev.pinion.cli;

import dev.pinion.ota.json.Json;
import dev.pinion.wat.spectest.Action;
import dev.pinion.wat.spectest.Command;
import dev.pinion.wat.spectest.Script;
import dev.pinion.wat.spectest.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a wast2json spec test script into the spec runner's records, which are named after the JSON keys.
 * Unknown keys are errors, so a change of wast2json's format is noticed instead of silently skipped.
 */
final class ScriptReader {
    private static final Set<String> SCRIPT_KEYS = Set.of("source_filename", "commands");
    private static final Set<String> COMMAND_KEYS = Set.of("type", "line", "filename", "name", "as", "action",
            "expected", "text", "module_type");
    private static final Set<String> ACTION_KEYS = Set.of("type", "module", "field", "args");
    private static final Set<String> VALUE_KEYS = Set.of("type", "value", "lane_type");

    private ScriptReader() {}

    /** The script in {@code json}, or an IOException naming the file and what is wrong with it. */
    static Script read(Path json) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read " + json + ": no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot read " + json + ": " + e.getMessage(), e);
        }
        try {
            Json root = Json.parse(bytes);
            if (root == null || !root.isObject()) throw new Bad("$", "expected a JSON object");
            keys(root, SCRIPT_KEYS, "$");
            List<Command> commands = new ArrayList<>();
            List<Json> items = array(root.get("commands"), "$.commands");
            for (int i = 0; i < items.size(); i++) commands.add(command(items.get(i), "$.commands[" + i + "]"));
            return new Script(string(root.get("source_filename"), "$.source_filename"), commands);
        } catch (Bad e) {
            throw new IOException("not a wast2json script: " + json + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("not a wast2json script: " + json + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static Command command(Json c, String at) throws Bad {
        if (!c.isObject()) throw new Bad(at, "expected an object");
        keys(c, COMMAND_KEYS, at);
        Json line = c.get("line");
        if (line != null && !line.isLong()) throw new Bad(at + ".line", "expected an integer");
        return new Command(string(c.get("type"), at + ".type"), line == null ? 0 : (int) line.longValue(),
                string(c.get("filename"), at + ".filename"), string(c.get("name"), at + ".name"),
                string(c.get("as"), at + ".as"), action(c.get("action"), at + ".action"),
                values(c.get("expected"), at + ".expected"), string(c.get("text"), at + ".text"),
                string(c.get("module_type"), at + ".module_type"));
    }

    private static Action action(Json a, String at) throws Bad {
        if (a == null || a.isNull()) return null;
        if (!a.isObject()) throw new Bad(at, "expected an object");
        keys(a, ACTION_KEYS, at);
        return new Action(string(a.get("type"), at + ".type"), string(a.get("module"), at + ".module"),
                string(a.get("field"), at + ".field"), values(a.get("args"), at + ".args"));
    }

    private static List<Value> values(Json arr, String at) throws Bad {
        if (arr == null || arr.isNull()) return null;
        List<Value> out = new ArrayList<>();
        List<Json> items = array(arr, at);
        for (int i = 0; i < items.size(); i++) {
            Json v = items.get(i);
            String vat = at + "[" + i + "]";
            if (!v.isObject()) throw new Bad(vat, "expected an object");
            keys(v, VALUE_KEYS, vat);
            Json value = v.get("value");
            Object scalarOrLanes;
            if (value == null || value.isNull()) {
                scalarOrLanes = null;
            } else if (value.isArray()) {
                List<String> lanes = new ArrayList<>();
                for (int k = 0; k < value.size(); k++) lanes.add(string(value.get(k), vat + ".value[" + k + "]"));
                scalarOrLanes = lanes;
            } else {
                scalarOrLanes = string(value, vat + ".value");
            }
            out.add(new Value(string(v.get("type"), vat + ".type"), scalarOrLanes, string(v.get("lane_type"),
                    vat + ".lane_type")));
        }
        return out;
    }

    private static List<Json> array(Json a, String at) throws Bad {
        if (a == null || a.isNull()) return List.of();
        if (!a.isArray()) throw new Bad(at, "expected an array");
        return a.items();
    }

    /** Strings as they are; numbers and booleans as their text (as a lenient mapper would take them). */
    private static String string(Json v, String at) throws Bad {
        if (v == null || v.isNull()) return null;
        String s = v.asText();
        if (s == null) throw new Bad(at, "expected a string");
        return s;
    }

    private static void keys(Json o, Set<String> known, String at) throws Bad {
        for (String k : o.names()) if (!known.contains(k)) throw new Bad(at, "unknown key \"" + k + "\"");
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** What is wrong and where ({@code $.commands[3].action}). */
    private static final class Bad extends Exception {
        Bad(String at, String problem) {
            super(at + ": " + problem, null, false, false);
        }
    }
}
