package dev.pinion.wat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.wat.spectest.Command;
import dev.pinion.wat.spectest.Script;
import dev.pinion.wat.spectest.ScriptModule;
import dev.pinion.wat.spectest.WastReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

public class EncodingOracleProbe {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path core = Path.of(args[0]);
        int same = 0, differ = 0, errors = 0;
        try (var dirs = Files.list(core)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                Path j = dir.resolve(name + ".json");
                if (!Files.exists(j)) continue;
                Script fromJson = json.readValue(j.toFile(), Script.class);
                Script fromWast;
                try {
                    fromWast = WastReader.read(dir.resolve(name + ".wast"));
                } catch (WatException e) {
                    System.out.println(name + ": SCRIPT " + e.getMessage());
                    errors++;
                    continue;
                }
                Map<Integer, Command> byLine = new HashMap<>();
                for (Command c : fromWast.commands()) byLine.put(c.line(), c);
                for (Command c : fromJson.commands()) {
                    if (c.filename() == null || !"binary".equals(c.module_type()) && c.module_type() != null) continue;
                    Command w = byLine.get(c.line());
                    if (w == null || !(w.module() instanceof ScriptModule.Given g) || !g.form().equals("text")) continue;
                    byte[] expected = Files.readAllBytes(dir.resolve(c.filename()));
                    try {
                        byte[] actual = g.loader().load().binary();
                        if (Arrays.equals(expected, actual)) same++;
                        else {
                            differ++;
                            if (args.length > 1) System.out.println(name + ":" + c.line() + " DIFFER " + c.type());
                        }
                    } catch (WatException e) {
                        errors++;
                        System.out.println(name + ":" + c.line() + " " + c.type() + " ERROR " + e.getMessage());
                    }
                }
            }
        }
        System.out.println("same " + same + " differ " + differ + " errors " + errors);
    }
}
