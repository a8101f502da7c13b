package dev.pinion.runtime.config;

import dev.pinion.runtime.TopicFilter;
import java.util.List;

/**
 * What the operator allows any module to be given at all: device grants, topic filters to publish within and
 * topic filters to subscribe (trigger) on. Deny by default: an empty list allows nothing.
 */
public record PolicyConfig(List<String> grants, List<String> publish, List<String> subscribe) {
    public static final PolicyConfig NOTHING = new PolicyConfig(List.of(), List.of(), List.of());

    public PolicyConfig {
        grants = List.copyOf(grants);
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    public boolean allowsGrant(String grant) {
        return grants.contains(grant);
    }

    public boolean allowsPublish(String filter) {
        return publish.stream().anyMatch(p -> TopicFilter.covers(p, filter));
    }

    public boolean allowsSubscribe(String filter) {
        return subscribe.stream().anyMatch(p -> TopicFilter.covers(p, filter));
    }
}
