package dev.pinion.device.sim;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.Edge;
import dev.pinion.device.EdgeListener;
import dev.pinion.device.internal.EdgeSource;
import java.time.Duration;

final class SimInput implements DigitalInput {
    private final SimBoard board;
    final DeviceSpec.Input spec;
    private final SimBoard.SimLine line;
    final EdgeSource edges;

    SimInput(SimBoard board, DeviceSpec.Input spec, SimBoard.SimLine line) {
        this.board = board;
        this.spec = spec;
        this.line = line;
        this.edges = new EdgeSource(spec.name(), spec.edges(), spec.debounce());
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "sim"; }

    @Override
    public boolean read() throws DeviceException {
        board.checkPlugged(spec.name());
        synchronized (board) {
            return line.high ^ spec.activeLow();
        }
    }

    @Override
    public Edge awaitEdge(Duration timeout) throws InterruptedException {
        return edges.await(timeout);
    }

    @Override
    public Registration onEdge(EdgeListener listener) {
        return edges.register(listener);
    }
}
