package io.evapi.proxy.modules.evapi;

import static java.util.Objects.requireNonNull;

import io.evapi.core.server.EvapiConnection;
import io.evapi.proxy.spi.sip.TransactionControl;
import io.evapi.proxy.spi.sip.TransactionId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code async_fail_on_close}: which client is to answer each suspended transaction whose async event
 * went to exactly one client, so that when that client leaves its transactions time out at once (a 408 through
 * the armed failure route) instead of waiting for {@code fr_timer} for an answer that cannot come.
 */
final class AnsweringClients {
    private static final Logger LOG = LoggerFactory.getLogger(AnsweringClients.class);
    /** Above this many ids a client's list sheds those no longer suspended (answered or timed out). */
    private static final int PRUNE_AT = 1024;

    private final ConcurrentMap<Long, Deque<TransactionId>> byConnection = new ConcurrentHashMap<>();
    private final TransactionControl transactions;

    AnsweringClients(TransactionControl transactions) {
        this.transactions = requireNonNull(transactions, "transactions");
    }

    /** The event of suspended transaction {@code id} went to {@code client} alone. */
    void awaiting(EvapiConnection client, TransactionId id) {
        Deque<TransactionId> ids = byConnection.computeIfAbsent(client.id(), k -> new ArrayDeque<>());
        synchronized (ids) {
            if (ids.size() >= PRUNE_AT) {
                ids.removeIf(t -> !transactions.isSuspended(t));
            }
            ids.add(id);
        }
        if (client.closing()) {
            // it left while the event was being sent: its close may have been handled before this registration
            left(client);
        }
    }

    /** The client is gone: what it was to answer fails now. */
    void left(EvapiConnection client) {
        Deque<TransactionId> ids = byConnection.remove(client.id());
        if (ids == null) {
            return;
        }
        int failed = 0;
        synchronized (ids) {
            for (TransactionId id : ids) {
                if (transactions.timeOut(id)) {
                    failed++;
                }
            }
        }
        if (failed > 0) {
            LOG.info("evapi client {}:{} (conidx {}) left: {} suspended transaction(s) it was to answer time out now"
                    + " (async_fail_on_close)", client.remoteAddress(), client.remotePort(), client.conidx(), failed);
        }
    }
}
