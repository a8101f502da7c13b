package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.ConnectionListener;
import dev.pinion.runtime.mqtt.DeferredMessageHandler;
import dev.pinion.runtime.mqtt.IncomingMessage;
import dev.pinion.runtime.mqtt.MessageHandler;
import dev.pinion.runtime.mqtt.MqttErrors;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.mqtt.MqttStats;
import dev.pinion.runtime.mqtt.MqttVersion;
import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocketFactory;

/**
 * The machinery behind {@code MqttSession}. Three kinds of threads meet here:
 * <ul>
 *   <li>the <b>session thread</b> owns the connection: connect attempts, backoff, connection losses and the
 *       close sequence all run on it, one at a time, so they never race each other;
 *   <li>the <b>dispatch thread</b> runs handlers in arrival order and acknowledges QoS 1/2 messages after them;
 *   <li>callers and Paho's threads publish and complete publishes under {@link #lock}, which guards the
 *       outbox, the in-flight window and the current connection.
 * </ul>
 * Paho's callbacks never block and never wait for the session thread (a blocked Paho callback thread would stop
 * PUBACKs from arriving and deadlock a handler that publishes).
 */
public final class SessionCore {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.mqtt");
    /** Most unacknowledged QoS 1/2 publishes on one connection (further publishers wait). */
    static final int MAX_IN_FLIGHT = 64;
    /** Inbound QoS 0 messages queued for the handlers beyond which new ones are dropped (QoS 0 allows it). */
    static final int QOS0_QUEUE_LIMIT = 10_000;
    /**
     * A message that was in flight when the connection dropped this many times is given up: a broker that
     * refuses a message (too large for Moquette's 8,092-byte default, a topic it forbids) closes the connection
     * instead of answering, and resending it forever would keep the gateway offline.
     */
    static final int MAX_LOSSES_IN_FLIGHT = 5;

    private final MqttSettings settings;
    private final long sessionNumber;
    private final SSLSocketFactory socketFactory;
    private final ScheduledExecutorService sessionThread;
    private final Thread dispatchThread;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Backoff backoff;
    private final Set<String> warnedMqtt5Fields = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock:
    private final Outbox outbox;
    private final TreeMap<Long, OutboxEntry> direct = new TreeMap<>(); // sent directly, unacknowledged, not on disk
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private Connection current; // non-null while connected
    private MqttVersion lastVersion;
    private boolean speaks311Only; // AUTO found a broker that refuses MQTT 5: stay on 3.1.1 for this run
    private int window;
    private int fullWindow;
    // After a connection dropped with messages in flight, the next connection sends one message at a time until
    // the first acknowledgement: if one message makes the broker hang up, it is then alone in flight and the
    // messages queued behind it are not blamed (and given up) with it.
    private boolean probeNext;
    private int inFlight;
    private long maxPacketSize;
    private long nextSeq;
    private boolean closed;
    private Transport connecting; // the attempt in progress, so close() can abort it
    private ScheduledFuture<?> nextAttempt;

    private volatile boolean stopDelivering;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong qos0Dropped = new AtomicLong();
    private final AtomicLong inboundDropped = new AtomicLong();

    /** One live connection: its transport and a generation number for stale callbacks. */
    private record Connection(Transport transport, long generation) {}

    /** A delivered message waiting for the dispatch thread. */
    private record Delivery(IncomingMessage message, int packetId, Transport from) {}

    private static final Delivery STOP = new Delivery(null, 0, null);

    /** An inbound QoS 1/2 message whose handler finished, waiting for the publishes made before that to be safe. */
    private record PendingAck(long barrier, Transport from, int packetId, int qos) {}

    // Guarded by lock; barriers never decrease (they are taken from nextSeq in completion order).
    private final java.util.ArrayDeque<PendingAck> pendingAcks = new java.util.ArrayDeque<>();

    private record Subscription(String filter, int qos, DeferredMessageHandler handler,
            CompletableFuture<Integer> granted) {}

    private SessionCore(MqttSettings settings, long sessionNumber, Outbox outbox, SSLSocketFactory socketFactory) {
        this.settings = settings;
        this.sessionNumber = sessionNumber;
        this.outbox = outbox;
        this.socketFactory = socketFactory;
        this.nextSeq = outbox.lastSeq() + 1;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax());
        this.sessionThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pinion-mqtt-session");
            t.setDaemon(true);
            return t;
        });
        this.dispatchThread = new Thread(this::dispatchLoop, "pinion-mqtt-dispatch");
        this.dispatchThread.setDaemon(true);
    }

    /** See {@code MqttSession.start}. */
    public static SessionCore start(MqttSettings settings) throws IOException {
        Files.createDirectories(settings.stateDir());
        SSLSocketFactory tls = TlsSocketFactories.create(settings);
        Outbox outbox = Outbox.open(settings.stateDir().resolve("outbox"), settings.outboxLimit());
        long session = SessionCounter.next(settings.stateDir());
        SessionCore core = new SessionCore(settings, session, outbox, tls);
        if (!outbox.isEmpty()) {
            LOG.log(Level.INFO, "outbox holds {0} messages from an earlier run; they go out after connecting",
                    outbox.size());
        }
        core.dispatchThread.start();
        core.sessionThread.execute(core::attemptConnect);
        return core;
    }

    /** Wraps a synchronous handler: done when it returns. */
    public static DeferredMessageHandler immediate(MessageHandler handler) {
        return message -> {
            try {
                handler.handle(message);
                return CompletableFuture.completedFuture(null);
            } catch (Exception | LinkageError e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    public MqttSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- connecting

    private void attemptConnect() {
        Transport t;
        MqttVersion tryVersion;
        lock.lock();
        try {
            if (closed || current != null) return;
            tryVersion = settings.protocol() == MqttSettings.Protocol.MQTT_3_1_1 || speaks311Only
                    ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5;
            t = newTransport(tryVersion);
            connecting = t;
        } finally {
            lock.unlock();
        }
        Transport.Connected result;
        try {
            result = connectOnce(t);
        } catch (TransportException e) {
            if (e.protocolRejected && tryVersion == MqttVersion.MQTT_5
                    && settings.protocol() == MqttSettings.Protocol.AUTO && !isClosed()) {
                LOG.log(Level.INFO, "{0} refused MQTT 5 ({1}); trying MQTT 3.1.1", settings.url(), e.getMessage());
                lock.lock();
                try {
                    t = newTransport(MqttVersion.MQTT_3_1_1);
                    connecting = t;
                } finally {
                    lock.unlock();
                }
                try {
                    result = connectOnce(t);
                    lock.lock();
                    try {
                        speaks311Only = true;
                    } finally {
                        lock.unlock();
                    }
                    LOG.log(Level.WARNING, "{0} speaks MQTT 3.1.1 only: response topics, correlation data and user"
                            + " properties are not available on this connection", settings.url());
                } catch (TransportException e311) {
                    connectFailed(e311);
                    return;
                }
            } else {
                connectFailed(e);
                return;
            }
        }
        connected(t, result);
    }

    private Transport newTransport(MqttVersion version) {
        return version == MqttVersion.MQTT_5 ? new Paho5Transport() : new Paho3Transport();
    }

    private Transport.Connected connectOnce(Transport t) throws TransportException {
        byte[] will = StateMessages.offline(sessionNumber, "connection lost");
        ConnectRequest request = new ConnectRequest(settings, will, socketFactory, MAX_IN_FLIGHT + 1);
        return t.connect(request, new Transport.Events() {
            @Override
            public void messageArrived(IncomingMessage message, int packetId) {
                enqueue(message, packetId, t);
            }

            @Override
            public void connectionLost(Throwable cause) {
                // Not under Paho's locks and never blocking: the session thread takes it from here.
                try {
                    sessionThread.execute(() -> lost(t, cause));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closing
                }
            }
        });
    }

    private void connectFailed(TransportException e) {
        long failures = connectFailures.incrementAndGet();
        lock.lock();
        try {
            connecting = null;
            if (closed) return;
            long delay = backoff.nextDelayMillis();
            LOG.log(e.permanent ? Level.ERROR : Level.WARNING, "cannot connect to {0}: {1}; retrying in {2} ms"
                    + " (failed attempts: {3})", settings.url(), e.getMessage(), delay, failures);
            nextAttempt = sessionThread.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
        notifyDisconnected(e.getMessage());
    }

    private void connected(Transport t, Transport.Connected result) {
        Connection conn;
        long n;
        lock.lock();
        try {
            connecting = null;
            if (closed) {
                t.abort();
                return;
            }
            // Counted before anyone waiting in awaitConnected() can look at the stats.
            n = connects.incrementAndGet();
            conn = new Connection(t, n);
            current = conn;
            lastVersion = t.version();
            // Paho's own limit is MAX_IN_FLIGHT + 1 (and the broker's receive maximum on MQTT 5): one slot stays
            // free for the birth and offline messages.
            fullWindow = Math.max(1, Math.min(MAX_IN_FLIGHT, result.receiveMaximum() - 1));
            window = probeNext ? 1 : fullWindow;
            inFlight = 0;
            maxPacketSize = result.maximumPacketSize();
            List<Subscription> subs = new ArrayList<>(subscriptions.values());
            if (!subs.isEmpty()) sendSubscribe(conn, subs);
            byte[] birth = StateMessages.online(sessionNumber, settings.clientId(), t.version(), Instant.now());
            t.publish(new OutgoingMessage(settings.stateTopic(), birth, 1, true));
            drainLocked();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        backoff.reset();
        LOG.log(Level.INFO, "connected to {0} as {1} (MQTT {2}, session {3}, broker session {4}, outbox {5})",
                settings.url(), settings.clientId(), t.version().text(), sessionNumber,
                result.sessionPresent() ? "resumed" : "new", outbox.size());
        if (n > 1) LOG.log(Level.INFO, "reconnected ({0} reconnects)", n - 1);
        for (ConnectionListener l : listeners) {
            try {
                l.connected(t.version(), result.sessionPresent());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed: " + e, e);
            }
        }
    }

    /** On the session thread: the connection of {@code t} broke. */
    private void lost(Transport t, Throwable cause) {
        String reason = cause == null ? "connection lost" : MqttErrors.describe(cause);
        List<PendingAck> lostAcks = List.of();
        lock.lock();
        try {
            if (current == null || current.transport() != t) return; // stale: already handled
            current = null;
            requeueInFlight();
            // Inputs whose outputs are now on disk may be acknowledged; on the dead connection that is a no-op
            // and the broker redelivers them, which at-least-once allows.
            lostAcks = releasableAcks();
            changed.signalAll();
            if (!closed) {
                long delay = backoff.nextDelayMillis();
                LOG.log(Level.WARNING, "lost the connection to {0}: {1}; reconnecting in {2} ms (outbox {3})",
                        settings.url(), reason, delay, outbox.size());
                nextAttempt = sessionThread.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
        t.abort();
        sendAcks(lostAcks);
        notifyDisconnected(reason);
    }


    /**
     * Under the lock, connection gone: every unacknowledged message goes (back) to the outbox, in sequence
     * order, so the next connection sends them first and nothing the broker did not acknowledge is lost.
     */
    private void requeueInFlight() {
        List<OutboxEntry> giveUp = new ArrayList<>();
        List<OutboxEntry> wasInFlight = outbox.resetSent();
        probeNext = !wasInFlight.isEmpty() || !direct.isEmpty();
        for (OutboxEntry e : wasInFlight) {
            if (++e.lostInFlight >= MAX_LOSSES_IN_FLIGHT) giveUp.add(e);
        }
        List<OutboxEntry> dropped = new ArrayList<>();
        for (OutboxEntry e : direct.values()) {
            if (++e.lostInFlight >= MAX_LOSSES_IN_FLIGHT) {
                giveUp.add(e);
                continue;
            }
            try {
                OutboxEntry d = outbox.add(e);
                if (d != null) dropped.add(d);
            } catch (UncheckedIOException io) {
                LOG.log(Level.ERROR, "cannot keep unacknowledged message to {0}: {1}", e.message.topic(),
                        io.getMessage());
                dropped.add(e);
            }
        }
        direct.clear();
        inFlight = 0;
        for (OutboxEntry e : giveUp) {
            outbox.remove(e);
            LOG.log(Level.ERROR, "gave up message #{0} to topic {1} ({2} bytes): the connection dropped {3} times"
                    + " while it was in flight; the broker probably refuses it (too large? not allowed?)",
                    Long.toString(e.seq), e.message.topic(), Integer.toString(e.message.payload().length), e.lostInFlight);
            fail(e, "the broker closed the connection " + e.lostInFlight + " times while it was in flight");
        }
        for (OutboxEntry d : dropped) fail(d, "dropped from the full outbox");
    }

    private static void fail(OutboxEntry e, String why) {
        if (e.future != null) {
            e.future.completeExceptionally(new IllegalStateException("message to " + e.message.topic() + " " + why));
        }
    }

    private void notifyDisconnected(String reason) {
        for (ConnectionListener l : listeners) {
            try {
                l.disconnected(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed: " + e, e);
            }
        }
    }

    // ---------------------------------------------------------------- subscriptions and inbound messages

    public CompletableFuture<Integer> subscribe(String filter, int qos, DeferredMessageHandler handler) {
        TopicFilter.validate(filter);
        if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, not " + qos);
        java.util.Objects.requireNonNull(handler, "handler");
        Subscription sub = new Subscription(filter, qos, handler, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) return CompletableFuture.failedFuture(new IllegalStateException("session closed"));
            subscriptions.put(filter, sub);
            if (current != null) sendSubscribe(current, List.of(sub));
        } finally {
            lock.unlock();
        }
        return sub.granted();
    }

    private void sendSubscribe(Connection conn, List<Subscription> subs) {
        List<String> filters = new ArrayList<>();
        int[] qos = new int[subs.size()];
        for (int i = 0; i < subs.size(); i++) {
            filters.add(subs.get(i).filter());
            qos[i] = subs.get(i).qos();
            if (TopicFilter.isShared(subs.get(i).filter()) && conn.transport().version() == MqttVersion.MQTT_3_1_1) {
                LOG.log(Level.INFO, "shared subscription {0} over MQTT 3.1.1: works only on brokers that accept"
                        + " $share from 3.1.1 clients (Mosquitto, EMQX, HiveMQ do)", subs.get(i).filter());
            }
        }
        conn.transport().subscribe(filters, qos).whenComplete((codes, ex) -> {
            if (ex != null) {
                LOG.log(Level.DEBUG, "subscribe {0} not confirmed ({1}); retried after the next connect", filters,
                        ex.toString());
                return;
            }
            for (int i = 0; i < subs.size(); i++) {
                Subscription s = subs.get(i);
                int code = codes != null && i < codes.length ? codes[i] : 0x80;
                if (code >= 0x80) {
                    LOG.log(Level.ERROR, "broker refused subscription {0} (reason code 0x{1})", s.filter(),
                            Integer.toHexString(code));
                    s.granted().completeExceptionally(new IllegalStateException("broker refused subscription "
                            + s.filter() + " (reason code 0x" + Integer.toHexString(code) + ")"));
                } else {
                    s.granted().complete(code);
                }
            }
        });
    }

    public void unsubscribe(String filter) {
        lock.lock();
        try {
            if (subscriptions.remove(filter) != null && current != null) current.transport().unsubscribe(filter);
        } finally {
            lock.unlock();
        }
    }

    /** On a Paho thread: queue for the dispatcher, never blocking. */
    private void enqueue(IncomingMessage message, int packetId, Transport from) {
        if (message.qos() == 0 && deliveries.size() >= QOS0_QUEUE_LIMIT) {
            long n = inboundDropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.log(Level.WARNING, "handlers are {0} messages behind: dropped QoS 0 message on {1} ({2} so far)",
                        QOS0_QUEUE_LIMIT, message.topic(), n);
            }
            return;
        }
        // QoS 1/2 is never dropped here: the broker sends at most its in-flight window of unacknowledged ones.
        deliveries.add(new Delivery(message, packetId, from));
    }

    private void dispatchLoop() {
        while (true) {
            Delivery d;
            try {
                d = deliveries.take();
            } catch (InterruptedException e) {
                return;
            }
            if (d == STOP) return;
            if (stopDelivering) continue; // not acknowledged: the broker delivers it again to the next run
            dispatch(d);
        }
    }

    private void dispatch(Delivery d) {
        IncomingMessage m = d.message();
        List<Subscription> matching = new ArrayList<>(2);
        lock.lock();
        try {
            for (Subscription s : subscriptions.values()) {
                if (TopicFilter.matches(s.filter(), m.topic())) matching.add(s);
            }
        } finally {
            lock.unlock();
        }
        messagesIn.incrementAndGet();
        CompletableFuture<?>[] stages = new CompletableFuture<?>[matching.size()];
        for (int i = 0; i < stages.length; i++) {
            Subscription s = matching.get(i);
            CompletionStage<?> stage;
            try {
                stage = s.handler().handle(m);
            } catch (RuntimeException | LinkageError e) {
                stage = CompletableFuture.failedFuture(e);
            }
            if (stage == null) stage = CompletableFuture.completedFuture(null);
            String filter = s.filter();
            stages[i] = stage.toCompletableFuture().whenComplete((r, ex) -> {
                if (ex != null) {
                    LOG.log(Level.WARNING, "handler for {0} failed on a message to {1}: {2}", filter, m.topic(),
                            ex.toString());
                }
            });
        }
        if (m.qos() == 0) return;
        if (stages.length == 0) {
            ackWhenSafe(d);
        } else {
            CompletableFuture.allOf(stages).whenComplete((r, ex) -> ackWhenSafe(d));
        }
    }

    /**
     * Acknowledges an inbound message once every QoS 1/2 message published before its handler finished is safe:
     * acknowledged by the broker or written to the outbox. So a gateway killed at any instant has either not
     * acknowledged a message (the broker delivers it again) or has its outputs with the broker or on disk: what a
     * handler publishes in response is never lost with the input.
     */
    private void ackWhenSafe(Delivery d) {
        boolean now;
        lock.lock();
        try {
            long barrier = nextSeq - 1;
            now = pendingAcks.isEmpty() && (direct.isEmpty() || direct.firstKey() > barrier);
            if (!now) pendingAcks.add(new PendingAck(barrier, d.from(), d.packetId(), d.message().qos()));
        } finally {
            lock.unlock();
        }
        if (now) d.from().ack(d.packetId(), d.message().qos());
    }

    /** Under the lock: the pending acknowledgements whose publishes are now all safe, in order. */
    private List<PendingAck> releasableAcks() {
        if (pendingAcks.isEmpty()) return List.of();
        long safeBelow = direct.isEmpty() ? Long.MAX_VALUE : direct.firstKey();
        List<PendingAck> out = new ArrayList<>();
        while (!pendingAcks.isEmpty() && pendingAcks.peek().barrier() < safeBelow) out.add(pendingAcks.poll());
        return out;
    }

    private static void sendAcks(List<PendingAck> acks) {
        for (PendingAck a : acks) a.from().ack(a.packetId(), a.qos());
    }

    // ---------------------------------------------------------------- publishing

    public CompletableFuture<Void> publish(OutgoingMessage message) {
        if (message.qos() == 0) return publishQos0(message);
        CompletableFuture<Void> future = new CompletableFuture<>();
        lock.lock();
        try {
            if (maxPacketSize > 0 && estimatedSize(message) > maxPacketSize) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("message to " + message.topic()
                        + " is " + estimatedSize(message) + " bytes; the broker accepts at most " + maxPacketSize));
            }
            while (true) {
                if (current != null && !outbox.hasUnsent()) {
                    if (inFlight < window) {
                        OutboxEntry e = new OutboxEntry(nextSeq++, message, future);
                        direct.put(e.seq, e);
                        send(e);
                        return future;
                    }
                    // Window full: wait for an acknowledgement (or the connection to drop, then the outbox).
                    changed.await(100, TimeUnit.MILLISECONDS);
                } else {
                    OutboxEntry e = new OutboxEntry(nextSeq++, message, future);
                    OutboxEntry dropped = outbox.add(e);
                    if (dropped != null) fail(dropped, "dropped from the full outbox");
                    drainLocked();
                    return future;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (UncheckedIOException e) {
            LOG.log(Level.ERROR, "cannot write the outbox: {0}", e.getMessage());
            return CompletableFuture.failedFuture(e.getCause());
        } finally {
            lock.unlock();
        }
    }

    private static long estimatedSize(OutgoingMessage m) {
        long n = 16L + m.topic().length() * 3L + m.payload().length;
        if (m.responseTopic() != null) n += 3 + m.responseTopic().length() * 3L;
        if (m.correlationData() != null) n += 3 + m.correlationData().length;
        for (Map.Entry<String, String> p : m.userProperties().entrySet()) {
            n += 5 + (p.getKey().length() + p.getValue().length()) * 3L;
        }
        return n;
    }

    private CompletableFuture<Void> publishQos0(OutgoingMessage message) {
        Transport t;
        lock.lock();
        try {
            t = current == null ? null : current.transport();
        } finally {
            lock.unlock();
        }
        if (t == null) {
            qos0Dropped.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "offline: QoS 0 message to " + message.topic() + " dropped"));
        }
        return t.publish(adapt(message, t.version())).thenRun(messagesOut::incrementAndGet);
    }

    /** Under the lock: sends outbox entries while the window has room. */
    private void drainLocked() {
        if (current == null) return;
        while (inFlight < window) {
            OutboxEntry e = outbox.nextUnsent();
            if (e == null) return;
            outbox.markSent(e);
            send(e);
        }
    }

    /** Under the lock, connected. */
    private void send(OutboxEntry e) {
        Connection conn = current;
        e.inFlight = true;
        e.sentOn = conn.generation();
        inFlight++;
        conn.transport().publish(adapt(e.message, conn.transport().version()))
                .whenComplete((v, ex) -> published(e, conn, ex));
    }

    /** On a Paho thread (or inline): the broker acknowledged {@code e}, or sending it failed. */
    private void published(OutboxEntry e, Connection conn, Throwable ex) {
        boolean done = false;
        List<PendingAck> acks;
        lock.lock();
        try {
            boolean sameConnection = current == conn;
            if (ex == null) {
                boolean known = direct.remove(e.seq, e);
                if (!known && outbox.contains(e)) {
                    outbox.remove(e);
                    known = true;
                }
                // The window counts sends on the current connection; an acknowledgement that arrives from the
                // previous connection after the entry was resent must not free a slot it does not hold.
                if (e.inFlight && current != null && e.sentOn == current.generation()) {
                    inFlight--;
                    e.inFlight = false;
                }
                if (sameConnection) {
                    window = fullWindow;
                    probeNext = false;
                }
                if (known) {
                    messagesOut.incrementAndGet();
                    done = true;
                }
                drainLocked();
                changed.signalAll();
            } else if (sameConnection && isRejection(ex)) {
                // Paho refused it without the connection dropping (for example a payload above the broker's
                // maximum packet size): retrying cannot help.
                direct.remove(e.seq, e);
                outbox.remove(e);
                if (e.inFlight && e.sentOn == conn.generation()) inFlight--;
                e.inFlight = false;
                LOG.log(Level.ERROR, "message to {0} refused: {1}", e.message.topic(), MqttErrors.describe(ex));
                fail(e, "refused: " + MqttErrors.describe(ex));
                drainLocked();
                changed.signalAll();
            }
            // Otherwise the connection is failing: lost() requeues it.
            acks = releasableAcks();
        } finally {
            lock.unlock();
        }
        sendAcks(acks);
        if (done && e.future != null) e.future.complete(null);
    }

    /** A Paho failure that is about the message, not the connection. */
    private static boolean isRejection(Throwable ex) {
        int code = -1;
        if (ex instanceof org.eclipse.paho.client.mqttv3.MqttException e) code = e.getReasonCode();
        if (ex instanceof org.eclipse.paho.mqttv5.common.MqttException e) code = e.getReasonCode();
        if (ex instanceof IllegalArgumentException) return true;
        // 0x80.. are MQTT 5 PUBACK failure reason codes; 50000 is mqttv5's "packet too large"
        return (code >= 0x80 && code < 0x100) || code == 50000;
    }

    /** Leaves out the MQTT 5 fields on a 3.1.1 connection, saying so once per topic. */
    private OutgoingMessage adapt(OutgoingMessage m, MqttVersion version) {
        if (version == MqttVersion.MQTT_5 || !m.usesMqtt5Fields()) return m;
        if (warnedMqtt5Fields.add(m.topic())) {
            LOG.log(Level.WARNING, "MQTT 3.1.1 broker: the response topic, correlation data and user properties of"
                    + " messages to {0} are not sent", m.topic());
        }
        return new OutgoingMessage(m.topic(), m.payload(), m.qos(), m.retained());
    }

    // ---------------------------------------------------------------- state

    public boolean isConnected() {
        lock.lock();
        try {
            return current != null;
        } finally {
            lock.unlock();
        }
    }

    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (current == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public Optional<MqttVersion> version() {
        lock.lock();
        try {
            return current == null ? Optional.empty() : Optional.of(current.transport().version());
        } finally {
            lock.unlock();
        }
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener));
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    public MqttStats stats() {
        lock.lock();
        try {
            long n = connects.get();
            return new MqttStats(current != null, lastVersion, sessionNumber, n, Math.max(0, n - 1),
                    connectFailures.get(), outbox.size(), outbox.dropped(), messagesIn.get(), messagesOut.get(),
                    qos0Dropped.get() + inboundDropped.get());
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- close

    public void close() {
        Transport abortAttempt;
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (nextAttempt != null) nextAttempt.cancel(false);
            abortAttempt = connecting;
        } finally {
            lock.unlock();
        }
        if (abortAttempt != null) abortAttempt.abort();
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        // 1. Stop delivering; let the running handler finish (its publishes still go out below).
        stopDelivering = true;
        deliveries.add(STOP);
        try {
            dispatchThread.join(Math.max(1, settings.closeTimeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // 2. Flush: wait for the outbox and the in-flight window to empty while connected.
        lock.lock();
        try {
            while (current != null && (!outbox.isEmpty() || !direct.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        // 3. Say goodbye on the session thread, after any connect or loss it is still handling.
        CompletableFuture<Void> goodbye = new CompletableFuture<>();
        try {
            sessionThread.execute(() -> {
                try {
                    sayGoodbye(deadline);
                } finally {
                    goodbye.complete(null);
                }
            });
            goodbye.get(settings.closeTimeout().toMillis() + settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the MQTT session did not finish in time: {0}", e.toString());
        }
        sessionThread.shutdownNow();
        int left;
        lock.lock();
        try {
            left = outbox.size();
            for (OutboxEntry e : outbox.messagesEntries()) fail(e, "not sent before the session closed (kept in the outbox)");
        } finally {
            lock.unlock();
        }
        LOG.log(Level.INFO, "MQTT session closed{0}", left == 0 ? "" : "; " + left + " messages stay in the outbox for the next start");
    }

    private void sayGoodbye(long deadline) {
        Connection conn;
        lock.lock();
        try {
            conn = current;
            current = null;
            requeueInFlight(); // unacknowledged direct publishes go to disk for the next start
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (conn == null) return;
        Transport t = conn.transport();
        long waitMillis = Math.max(1000, (deadline - System.nanoTime()) / 1_000_000);
        try {
            t.publish(new OutgoingMessage(settings.stateTopic(), StateMessages.offline(sessionNumber, "shutdown"), 1,
                    true)).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not publish the offline state: {0} (the broker sends the Will instead)",
                    e.toString());
            t.abort(); // no DISCONNECT, so the broker publishes the Will
            return;
        }
        t.disconnect(1000);
    }

    // Package-private for tests.
    int pendingDeliveries() {
        return deliveries.size();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
