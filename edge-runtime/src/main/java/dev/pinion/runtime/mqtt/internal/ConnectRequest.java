package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.MqttSettings;
import javax.net.ssl.SSLSocketFactory;

/** Everything one connection attempt needs: the settings, the Will payload and the TLS socket factory. */
record ConnectRequest(MqttSettings settings, byte[] willPayload, SSLSocketFactory socketFactory, int maxInflight) {}
