package dev.pinion.wat.spectest;

import dev.pinion.wat.WatException;
import dev.pinion.wat.internal.ModuleForms;
import dev.pinion.wat.internal.Numbers;
import dev.pinion.wat.internal.Reader;
import dev.pinion.wat.internal.Sexp;
import dev.pinion.wat.internal.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code .wast} script into the same {@link Script} records wast2json's JSON gives, so one runner serves
 * both. Modules stay text until their command runs ({@link ScriptModule}): a module that is malformed on purpose
 * fails its own command, not the reading of the script, and parsing follows the run.
 *
 * <p>Besides the Wasm 2.0 script commands this reads the Wasm 3.0 ones: {@code module definition},
 * {@code module instance}, {@code either} and the {@code ref.*} result patterns. Commands it does not know
 * (e.g. {@code thread}) become commands of that type, which the runner reports as skipped.
 */
public final class WastReader {
    private static final java.util.Set<String> MODULE_FIELDS = java.util.Set.of("type", "rec", "import", "func",
            "table", "memory", "global", "tag", "export", "start", "elem", "data");
    private final Source source;
    private final String file;

    private WastReader(Source source, String file) {
        this.source = source;
        this.file = file;
    }

    /** Reads the script in {@code wast} (UTF-8). */
    public static Script read(Path wast) throws IOException, WatException {
        String text = new String(Files.readAllBytes(wast), StandardCharsets.UTF_8);
        return parse(text, wast.getFileName().toString());
    }

    /** Reads a script's text; {@code fileName} becomes the script's {@code source_filename}. */
    public static Script parse(String text, String fileName) throws WatException {
        Source source = new Source(text);
        WastReader r = new WastReader(source, fileName);
        List<Command> commands = new ArrayList<>();
        List<Sexp> items = Reader.read(source);
        if (!items.isEmpty() && items.get(0) instanceof Sexp.Lst first && MODULE_FIELDS.contains(first.head())) {
            // A script may be just the fields of one module.
            Sexp.Lst all = new Sexp.Lst(items, 0, text.length());
            ScriptModule module = new ScriptModule.Given("text", () -> ModuleForms.fields(all, 0, source));
            commands.add(new Command("module", 1, fileName + ":1", null, null, null, null, null, "text", module));
            return new Script(fileName, commands);
        }
        for (Sexp s : items) {
            if (!(s instanceof Sexp.Lst l)) {
                throw source.error(s.pos(), "unexpected token " + s + ": expected a script command such as (module ...)");
            }
            commands.add(r.command(l));
        }
        return new Script(fileName, commands);
    }

    private int line(Sexp s) {
        return source.line(s.pos());
    }

    private Command command(Sexp.Lst l) throws WatException {
        String head = l.head();
        int line = line(l);
        return switch (head) {
            case "module" -> module(l);
            case "register" -> {
                String as = string(l, 1, "the name to register as");
                String name = l.items().size() > 2 ? id(l, 2) : null;
                yield new Command("register", line, null, name, as, null, null, null, null, null);
            }
            case "invoke", "get" -> new Command("action", line, null, null, null, action(l), List.of(), null, null, null);
            case "assert_return" -> {
                Action action = action(item(l, 1, "an action"));
                List<Value> expected = new ArrayList<>();
                for (int i = 2; i < l.items().size(); i++) expected.add(value(item(l, i, "an expected result"), true));
                yield new Command(head, line, null, null, null, action, expected, null, null, null);
            }
            case "assert_trap" -> {
                Sexp.Lst target = item(l, 1, "an action or a module");
                String text = string(l, 2, "the expected trap message");
                if (target.is("module")) yield moduleAssertion("assert_uninstantiable", line, target, text);
                yield new Command(head, line, null, null, null, action(target), List.of(), text, null, null);
            }
            case "assert_exhaustion" -> new Command(head, line, null, null, null, action(item(l, 1, "an action")),
                    List.of(), string(l, 2, "the expected trap message"), null, null);
            case "assert_exception" -> new Command(head, line, null, null, null, action(item(l, 1, "an action")),
                    List.of(), null, null, null);
            case "assert_malformed", "assert_invalid", "assert_unlinkable", "assert_uninstantiable" ->
                    moduleAssertion(head, line, item(l, 1, "a module"), string(l, 2, "the expected message"));
            default -> new Command(head.isEmpty() ? "?" : head, line, null, null, null, null, null, null, null, null);
        };
    }

    private Command module(Sexp.Lst l) throws WatException {
        int line = line(l);
        List<Sexp> items = l.items();
        int i = 1;
        String type = "module";
        if (i < items.size() && items.get(i) instanceof Sexp.Atom a && a.text().equals("definition")) {
            type = "module_definition";
            i++;
        } else if (i < items.size() && items.get(i) instanceof Sexp.Atom a && a.text().equals("instance")) {
            String name = items.size() > 2 && items.get(2) instanceof Sexp.Atom n && n.isId() ? n.text() : null;
            String definition = items.size() > 3 && items.get(3) instanceof Sexp.Atom d && d.isId() ? d.text() : null;
            return new Command("module", line, position(line), name, null, null, null, null, "instance", 
                    new ScriptModule.InstanceOf(definition));
        }
        String name = null;
        if (i < items.size() && items.get(i) instanceof Sexp.Atom a && a.isId()) {
            name = a.text();
            i++;
        }
        return new Command(type, line, position(line), name, null, null, null, null, form(l, i), given(l, i));
    }

    private Command moduleAssertion(String type, int line, Sexp.Lst module, String text) throws WatException {
        if (!module.is("module")) throw source.error(module.pos(), "expected (module ...) in " + type);
        int i = 1;
        List<Sexp> items = module.items();
        if (i < items.size() && items.get(i) instanceof Sexp.Atom a && a.text().equals("definition")) i++;
        if (i < items.size() && items.get(i) instanceof Sexp.Atom a && a.isId()) i++;
        return new Command(type, line, position(line), null, null, null, null, text, form(module, i),
                given(module, i));
    }

    private String position(int line) {
        return file + ":" + line;
    }

    private static String form(Sexp.Lst module, int i) {
        if (i < module.items().size() && module.items().get(i) instanceof Sexp.Atom a
                && (a.text().equals("binary") || a.text().equals("quote"))) {
            return a.text();
        }
        return "text";
    }

    private ScriptModule given(Sexp.Lst module, int i) {
        Source s = source;
        return new ScriptModule.Given(form(module, i), () -> ModuleForms.body(module, i, s));
    }

    private Action action(Sexp.Lst l) throws WatException {
        String type = l.head();
        if (!type.equals("invoke") && !type.equals("get")) {
            throw source.error(l.pos(), "unexpected token " + l + ": expected (invoke ...) or (get ...)");
        }
        int i = 1;
        String module = null;
        if (i < l.items().size() && l.items().get(i) instanceof Sexp.Atom a && a.isId()) {
            module = a.text();
            i++;
        }
        String field = string(l, i++, "the export name");
        List<Value> args = new ArrayList<>();
        for (; i < l.items().size(); i++) args.add(value(item(l, i, "an argument such as (i32.const 1)"), false));
        return new Action(type, module, field, args);
    }

    /** A constant argument, or (if {@code result}) an expected result with the patterns results allow. */
    private Value value(Sexp.Lst l, boolean result) throws WatException {
        String head = l.head();
        List<Sexp> items = l.items();
        try {
            switch (head) {
                case "i32.const":
                    return new Value("i32", Numbers.unsigned(Numbers.parseInt(atom(l, 1), 32), 32), null);
                case "i64.const":
                    return new Value("i64", Numbers.unsigned(Numbers.parseInt(atom(l, 1), 64), 64), null);
                case "f32.const":
                    return new Value("f32", floatText(atom(l, 1), true, result), null);
                case "f64.const":
                    return new Value("f64", floatText(atom(l, 1), false, result), null);
                case "v128.const":
                    return v128(l, result);
                case "ref.null": {
                    String heap = items.size() > 1 ? atom(l, 1) : null;
                    if (heap == null) return new Value("ref.null", "null", null);
                    return new Value(switch (heap) {
                        case "func" -> "funcref";
                        case "extern" -> "externref";
                        default -> heap + "ref";
                    }, "null", null);
                }
                case "ref.extern", "ref.host":
                    return new Value("externref", items.size() > 1 ? Long.toString(Numbers.parseUnsigned(atom(l, 1), 32))
                            : "nonnull", null);
                case "ref.func":
                    return new Value("funcref", "nonnull", null);
                case "either": {
                    List<Value> alternatives = new ArrayList<>();
                    for (int i = 1; i < items.size(); i++) alternatives.add(value(item(l, i, "a result"), true));
                    return new Value("either", alternatives, null);
                }
                default:
                    if (head.startsWith("ref.")) return new Value(head, "nonnull", null);
                    throw source.error(l.pos(), "unexpected token " + l + ": expected a constant such as (i32.const 1)");
            }
        } catch (NumberFormatException e) {
            throw source.error(l.pos(), "malformed constant in " + l + ": " + e.getMessage());
        }
    }

    private static String floatText(String literal, boolean f32, boolean result) {
        if (result && (literal.equals("nan:canonical") || literal.equals("nan:arithmetic"))) return literal;
        return f32 ? Numbers.unsigned(Numbers.parseF32(literal), 32) : Numbers.unsigned(Numbers.parseF64(literal), 64);
    }

    private Value v128(Sexp.Lst l, boolean result) throws WatException {
        String shape = atom(l, 1);
        int lanes;
        String laneType;
        switch (shape) {
            case "i8x16" -> { lanes = 16; laneType = "i8"; }
            case "i16x8" -> { lanes = 8; laneType = "i16"; }
            case "i32x4" -> { lanes = 4; laneType = "i32"; }
            case "i64x2" -> { lanes = 2; laneType = "i64"; }
            case "f32x4" -> { lanes = 4; laneType = "f32"; }
            case "f64x2" -> { lanes = 2; laneType = "f64"; }
            default -> throw source.error(l.pos(), "unknown v128 shape " + shape);
        }
        if (l.items().size() != 2 + lanes) {
            throw source.error(l.pos(), "v128.const " + shape + " needs " + lanes + " lanes, got " + (l.items().size() - 2));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            String lane = atom(l, 2 + i);
            values.add(switch (laneType) {
                case "i8" -> Long.toString(Numbers.parseInt(lane, 8) & 0xff);
                case "i16" -> Long.toString(Numbers.parseInt(lane, 16) & 0xffff);
                case "i32" -> Numbers.unsigned(Numbers.parseInt(lane, 32), 32);
                case "i64" -> Numbers.unsigned(Numbers.parseInt(lane, 64), 64);
                case "f32" -> floatText(lane, true, result);
                default -> floatText(lane, false, result);
            });
        }
        return new Value("v128", values, laneType);
    }

    private Sexp.Lst item(Sexp.Lst l, int i, String what) throws WatException {
        if (i < l.items().size() && l.items().get(i) instanceof Sexp.Lst item) return item;
        throw source.error(i < l.items().size() ? l.items().get(i).pos() : l.end(), "expected " + what + " in " + l);
    }

    private String atom(Sexp.Lst l, int i) throws WatException {
        if (i < l.items().size() && l.items().get(i) instanceof Sexp.Atom a) return a.text();
        throw source.error(i < l.items().size() ? l.items().get(i).pos() : l.end(), "expected a literal in " + l);
    }

    private String id(Sexp.Lst l, int i) throws WatException {
        if (l.items().get(i) instanceof Sexp.Atom a && a.isId()) return a.text();
        throw source.error(l.items().get(i).pos(), "expected a module name such as $M in " + l);
    }

    private String string(Sexp.Lst l, int i, String what) throws WatException {
        if (i < l.items().size() && l.items().get(i) instanceof Sexp.Str s) {
            return new String(s.bytes(), StandardCharsets.UTF_8);
        }
        throw source.error(i < l.items().size() ? l.items().get(i).pos() : l.end(), "expected " + what + " (a string) in " + l);
    }
}
