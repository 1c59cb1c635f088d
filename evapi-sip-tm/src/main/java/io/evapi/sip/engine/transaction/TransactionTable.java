package io.evapi.sip.engine.transaction;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;

/**
 * Live proxy transactions keyed by Kamailio-style (index, label): index is a hash bucket of the Call-ID and top Via
 * branch, label a per-bucket sequence. Bounded: {@link #register} refuses beyond {@code capacity}.
 *
 * <p>Each bucket's sequence starts at a random point, as Kamailio seeds its labels: the ids travel to evapi clients
 * and come back in {@code t_continue}, so ids that any client could guess would let it resume someone else's call.
 * Labels stay non-negative (the script compares them as such) and unique in their bucket until 2^31 of them.
 */
public final class TransactionTable {

    public static final int BUCKETS = 1 << 12;

    private final ConcurrentHashMap<Long, ProxyTransaction> live = new ConcurrentHashMap<>();
    private final AtomicInteger[] labels = new AtomicInteger[BUCKETS];
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final int capacity;

    public TransactionTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < BUCKETS; i++) {
            labels[i] = new AtomicInteger(random.nextInt() & Integer.MAX_VALUE);
        }
    }

    static long key(int index, int label) {
        return ((long) index << 32) | (label & 0xffffffffL);
    }

    /**
     * Registers a new transaction for {@code server}, attaching it as the server transaction's application data.
     * Returns null when the table is full (the caller answers 503).
     */
    public ProxyTransaction register(ServerTransaction server, SipProvider provider, String hashKey) {
        Objects.requireNonNull(hashKey, "hashKey");
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            refused.incrementAndGet();
            return null;
        }
        int index = (hashKey.hashCode() * 0x9E3779B9 >>> 20) & (BUCKETS - 1);
        int label = labels[index].updateAndGet(TransactionTable::nextLabel);
        ProxyTransaction tx = new ProxyTransaction(index, label, server, provider);
        live.put(tx.key(), tx);
        server.setApplicationData(tx);
        return tx;
    }

    /** The label after {@code label}: wraps from {@code Integer.MAX_VALUE} to 0, never negative. */
    static int nextLabel(int label) {
        return label == Integer.MAX_VALUE ? 0 : label + 1;
    }

    /** The live transaction with these ids, or null (finished, or never existed). */
    public ProxyTransaction find(int index, int label) {
        return live.get(key(index, label));
    }

    public void remove(ProxyTransaction tx) {
        if (live.remove(tx.key(), tx)) {
            size.decrementAndGet();
        }
    }

    public int size() {
        return size.get();
    }

    /** Transactions refused because the table was full. */
    public int refused() {
        return refused.get();
    }

    public Collection<ProxyTransaction> snapshot() {
        return java.util.List.copyOf(live.values());
    }
}
