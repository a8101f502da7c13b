package dev.pinion.device;

/**
 * Receives the edges of one input. Called on the provider's event thread, in edge order: return quickly (hand
 * the edge to a queue or executor). An exception thrown here is logged and does not stop other listeners.
 */
@FunctionalInterface
public interface EdgeListener {
    void onEdge(Edge edge);
}
