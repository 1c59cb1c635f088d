package io.evapi.proxy.modules.evapi;

import static java.util.Objects.requireNonNull;

import io.evapi.core.server.EvapiConnection;
import io.evapi.core.server.EvapiListener;
import io.evapi.core.server.EvapiServer;
import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.pv.EvapiEvent;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O side of the evapi module (Kamailio's evapi_dispatch): runs the event server and turns what
 * happens on it into {@code event_route[evapi:*]} runs, or calls of the {@code event_callback} handler when
 * the config has no route for an event. Runs on the server's worker threads, in per-connection order.
 */
final class EvapiDispatcher implements EvapiListener {
    static final String CONNECTION_NEW = "evapi:connection-new";
    static final String CONNECTION_CLOSED = "evapi:connection-closed";
    static final String MESSAGE_RECEIVED = "evapi:message-received";

    /** The connection of the event being handled, for evapi_close() and evapi_set_tag(). */
    static final ContextKey<EvapiConnection> CONNECTION = ContextKey.of("evapi.connection", EvapiConnection.class);

    private static final Logger LOG = LoggerFactory.getLogger(EvapiDispatcher.class);

    private final EvapiParams params;
    private final ScriptHost host;
    private final EvapiEventHandler callback;
    private final AnsweringClients answering;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile EvapiServer server;
    private volatile EvapiEvents events;

    /** @param answering what to fail when a client leaves ({@code async_fail_on_close}); null when off */
    EvapiDispatcher(EvapiParams params, ScriptHost host, EvapiEventHandler callback, AnsweringClients answering) {
        this.params = requireNonNull(params, "params");
        this.host = requireNonNull(host, "host");
        this.callback = callback;
        this.answering = answering;
    }

    void start() throws InterruptedException {
        if (params.pollingTuned()) {
            LOG.info("evapi: wait_idle and wait_increase have no effect here: delivery is event-driven, not polled");
        }
        if (params.sendTaskTimeout() != 0) {
            LOG.info("evapi: send_task_timeout has no effect here: handing an event to the server never blocks");
        }
        try {
            // listening with this dispatcher already registered: no client can skip connection-new
            server = EvapiServer.start(params.serverConfig(), this);
        } finally {
            started.countDown();
        }
    }

    /**
     * A client can connect the moment the port opens, before {@link #start} has the server in hand: its
     * routes wait for it, so evapi_close() and evapi_set_tag() in connection-new act on it.
     */
    private void awaitStart() {
        boolean interrupted = false;
        while (true) {
            try {
                started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        EvapiServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    /** Raises the module's Events Interface events too (on a host that has the event interface). */
    void events(EvapiEvents e) {
        this.events = e;
    }

    /** The running server, or empty before start and after stop. */
    Optional<EvapiServer> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public void onConnectionNew(EvapiConnection c) {
        EvapiEvents e = events;
        if (e != null) {
            e.connected(c);
        }
        dispatch(CONNECTION_NEW, c, null);
    }

    @Override
    public void onMessage(EvapiConnection c, String message) {
        dispatch(MESSAGE_RECEIVED, c, message);
    }

    @Override
    public void onConnectionClosed(EvapiConnection c) {
        if (answering != null) {
            answering.left(c);
        }
        EvapiEvents e = events;
        if (e != null) {
            e.disconnected(c);
        }
        dispatch(CONNECTION_CLOSED, c, null);
    }

    private void dispatch(String name, EvapiConnection c, String message) {
        awaitStart();
        EvapiEvent event = new EvapiEvent(c.conidx(), c.remoteAddress(), c.remotePort(), message);
        Optional<ScriptHost.Route> route = host.route(ScriptHost.RouteKind.EVENT, name);
        if (route.isPresent()) {
            host.run(route.get(), RouteType.EVENT, run -> {
                run.put(EvapiEvent.KEY, event);
                run.put(CONNECTION, c);
            });
        } else if (callback != null) {
            try {
                callback.onEvent(name, event, new EvapiEventHandler.Control() {
                    @Override
                    public void close() {
                        server().ifPresent(s -> s.close(c.conidx(), c.id()));
                    }

                    @Override
                    public void setTag(String tag) {
                        server().ifPresent(s -> s.setTag(c.conidx(), c.id(), tag));
                    }
                });
            } catch (RuntimeException e) {
                LOG.error("evapi event_callback {} failed on {}", callback.getClass().getName(), name, e);
            }
        }
    }
}
