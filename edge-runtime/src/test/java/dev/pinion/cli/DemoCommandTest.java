package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoCommandTest {

    @Test
    void demo_computesWithTheEngine_andStopsTheRunawayLoopBothWays() {
        CliRun run = CliRun.of("demo", "engine");
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        // Values the engine must compute: (raw * 3300 / 4095 - 500) * 100, checked against node's V8.
        assertTrue(out.matches("(?s).*to_millicelsius\\(620\\) += -100  \\(-0\\.1 C\\)\n.*"), out);
        assertTrue(out.matches("(?s).*to_millicelsius\\(893\\) += 21900  \\(21\\.9 C\\)\n.*"), out);
        assertTrue(out.matches("(?s).*to_millicelsius\\(4095\\) += 280000  \\(280\\.0 C\\)\n.*"), out);
        assertTrue(out.matches("(?s).*read_millicelsius\\(0\\) += 21900  \\(the module called the host's "
                + "demo\\.read_adc\\(0\\), which returned 893\\)\n.*"), out);
        assertTrue(out.matches("(?s).*average_millicelsius\\(1024, 5\\) += 21780 .*"), out);
        assertTrue(out.contains("wasm trap: fuel exhausted"), out);
        assertTrue(out.contains("wasm trap: interrupted: deadline exceeded"), out);
        assertTrue(out.contains("press() returned after 1 poll"), out);
        // The WASI program saw the arguments and environment the demo gave it and exited with its own code.
        assertTrue(out.contains("|   argv[2] = room_temp\n"), out);
        assertTrue(out.contains("|   PINION_DEVICE = demo-gateway\n"), out);
        assertTrue(out.contains("exit code 7 "), out);
    }

    @Test
    void demo_gateway_endToEnd_onAnEmbeddedBroker() {
        CliRun run = CliRun.of("demo");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        String out = run.out();
        assertTrue(out.contains("   sensors/room/reading     {\"celsius\":31.4}\n"), out);
        assertTrue(out.contains("   alerts/room              {\"sensor\":\"room\",\"celsius\":31.4,\"threshold\":30.0}\n"), out);
        assertTrue(out.contains("   press button  ->  led ON\n   press button  ->  led OFF\n"), out);
        assertTrue(out.contains("<- pinion/demo-gw/responses/status       {\"answer\":\"pong\",\"to\":\"ping\",\"requests\":1}\n"), out);
        assertTrue(out.matches("(?s).*runaway\\.wasm on_message looped: trapped with \"fuel exhausted\" after \\d+ ms.*"), out);
        assertTrue(out.contains("meanwhile thermometer.wasm still publishes: sensors/room/reading  {\"celsius\":22.3}\n"), out);
        assertTrue(out.matches("(?s).*runaway +invocations +1 +errors 0 +traps 1 +restarts 1\n.*"), out);
    }

    @ParameterizedTest
    @CsvSource({"21850, 21.8", "-100, -0.1", "0, 0.0", "280000, 280.0", "-50000, -50.0"})
    void celsius_printsOneDecimalTruncated(int milli, String expected) {
        assertEquals(expected, EngineDemoCommand.celsius(milli));
    }
}
