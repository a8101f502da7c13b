package dev.pinion.device.sim;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.DigitalOutput;

final class SimOutput implements DigitalOutput {
    private final SimBoard board;
    private final DeviceSpec.Output spec;
    private final SimBoard.SimLine line;

    SimOutput(SimBoard board, DeviceSpec.Output spec, SimBoard.SimLine line) {
        this.board = board;
        this.spec = spec;
        this.line = line;
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "sim"; }

    @Override
    public void set(boolean active) throws DeviceException {
        board.checkPlugged(spec.name());
        board.setLevel(line, active ^ spec.activeLow());
    }

    @Override
    public boolean get() throws DeviceException {
        board.checkPlugged(spec.name());
        synchronized (board) {
            return line.high ^ spec.activeLow();
        }
    }
}
