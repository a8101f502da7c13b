package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moquette.broker.Server;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's embedded broker accepts what `demo --keep-running` tells the user to run against it. */
class GatewayDemoBrokerTest {
    @TempDir
    Path tmp;

    @Test
    void acceptsAnEmptyClientId_asMosquittoSubSendsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        System.setProperty("io.netty.noUnsafe", "true");
        Server broker = new Server();
        broker.startServer(GatewayDemo.brokerProperties(port, tmp.resolve("broker")));
        try {
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            client.connect(o); // "identifier rejected" without allow_zero_byte_client_id
            assertTrue(client.isConnected());
            client.disconnect();
            client.close();
        } finally {
            broker.stopServer();
        }
    }
}
