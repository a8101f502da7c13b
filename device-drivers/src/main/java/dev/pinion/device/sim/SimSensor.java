package dev.pinion.device.sim;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.Sensor;

final class SimSensor implements Sensor {
    private final SimBoard board;
    private final DeviceSpec.SensorSpec spec;
    volatile Double override;

    SimSensor(SimBoard board, DeviceSpec.SensorSpec spec) {
        this.board = board;
        this.spec = spec;
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "sim"; }

    @Override public String unit() { return spec.unit(); }

    @Override
    public double read() throws DeviceException {
        board.checkPlugged(spec.name());
        Double o = override;
        return o != null ? o : spec.waveform().valueAt(board.elapsedNanos());
    }
}
