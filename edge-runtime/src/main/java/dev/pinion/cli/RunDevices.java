package dev.pinion.cli;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceException;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Interrupt;
import dev.pinion.iot.Grants;
import dev.pinion.iot.GuestLog;
import dev.pinion.iot.IotModules;
import dev.pinion.runtime.config.BoardSection;
import dev.pinion.runtime.config.ConfigException;
import dev.pinion.runtime.config.ConfigNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code pinion run --board FILE|sim --grant NAME[:MODE]}: the board and the pinion_* host modules for one run.
 * {@code sim} is the standard simulated board; FILE is YAML with a {@code board:} section, the daemon config's
 * format (so the daemon's own config file works). The module's {@code pinion_log} lines go to stderr as
 * {@code LEVEL module: message}, like pinion's own log lines.
 */
final class RunDevices implements AutoCloseable {
    /** A reason the run cannot start: a usage error (exit 2) or a failure (exit 1), with its message. */
    static final class Failure extends Exception {
        final boolean usage;

        Failure(boolean usage, String message) {
            super(message);
            this.usage = usage;
        }
    }

    private final Board board;
    private final IotModules iot;

    private RunDevices(Board board, IotModules iot) {
        this.board = board;
        this.iot = iot;
    }

    /** Null when neither --board nor --grant was given: then the module sees no pinion_* imports at all. */
    static RunDevices open(String boardArg, List<String> grantArgs, Path module, Interrupt interrupt,
            PrintStream err) throws Failure {
        if (boardArg == null) {
            if (grantArgs.isEmpty()) return null;
            throw new Failure(true, "--grant needs --board FILE|sim to say which devices exist");
        }
        Grants grants;
        try {
            grants = Grants.parse(grantArgs);
        } catch (IllegalArgumentException e) {
            throw new Failure(true, "--grant " + e.getMessage());
        }
        BoardDescription description;
        Board.Options options = Board.Options.DEFAULTS;
        if (boardArg.equals("sim")) {
            description = SimBoard.standardDescription();
        } else {
            try {
                ConfigNode root = ConfigNode.load(Path.of(boardArg));
                ConfigNode section = root.get("board");
                description = BoardSection.parse(section);
                options = BoardSection.options(section, options);
            } catch (ConfigException e) {
                throw new Failure(false, "--board: " + e.getMessage());
            }
        }
        try {
            grants.resolve(description);
        } catch (IllegalArgumentException e) {
            throw new Failure(true, "--" + e.getMessage());
        }
        Board board;
        try {
            board = Board.open(description, options);
        } catch (DeviceException e) {
            throw new Failure(false, "--board " + boardArg + ": " + e.getMessage());
        }
        String name = module.getFileName().toString().replaceFirst("\\.wasm$", "");
        IotModules.Builder b = IotModules.builder(board, grants).moduleName(name).log(stderrLog(err));
        if (interrupt != null) b.interrupt(interrupt);
        return new RunDevices(board, b.build());
    }

    private static GuestLog stderrLog(PrintStream err) {
        return (level, module, message) -> {
            String l = switch (level) {
                case ERROR -> "ERROR";
                case WARNING -> "WARN";
                case INFO -> "INFO";
                default -> "DEBUG";
            };
            synchronized (err) {
                err.println(String.format("%-5s %s: %s", l, module, message));
            }
        };
    }

    Imports imports(Imports extra) {
        return iot.imports(extra);
    }

    @Override
    public void close() {
        iot.close();
        board.close();
    }
}
