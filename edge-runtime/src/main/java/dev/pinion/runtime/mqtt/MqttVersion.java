package dev.pinion.runtime.mqtt;

/** The MQTT protocol version spoken on a connection. */
public enum MqttVersion {
    MQTT_3_1_1("3.1.1"),
    MQTT_5("5");

    private final String text;

    MqttVersion(String text) {
        this.text = text;
    }

    /** "5" or "3.1.1", as in the birth message and the metrics. */
    public String text() {
        return text;
    }
}
