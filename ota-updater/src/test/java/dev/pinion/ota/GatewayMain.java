package dev.pinion.ota;

import dev.pinion.ota.mqtt.PahoMqttLink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A gateway in its own JVM for the SIGKILL tests: the OTA agent with the engine-backed test host, until killed.
 * Arguments: broker URL, device id, data directory, trusted public key file, health window in ms, fetch window.
 */
public final class GatewayMain {
    public static void main(String[] args) throws Exception {
        var link = PahoMqttLink.connect(args[0], args[1]);
        var host = new EngineModuleHost();
        var settings = new OtaAgent.Settings(args[1], List.of(), Path.of(args[2]),
                TrustedKeys.read(List.of(Path.of(args[3]))),
                OtaPolicy.PERMISSIVE.withHealthWindow(Duration.ofMillis(Long.parseLong(args[4]))),
                Integer.parseInt(args[5]));
        var agent = new OtaAgent(link, host, settings);
        agent.addListener(s -> System.out.println("STATE " + s.name() + " " + s.version()));
        agent.start();
        System.out.println("STARTED");
        Thread.currentThread().join();
    }
}
