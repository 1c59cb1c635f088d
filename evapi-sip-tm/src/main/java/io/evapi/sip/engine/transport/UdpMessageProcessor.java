package io.evapi.sip.engine.transport;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's UDP transport, replaced. One socket with large buffers; each datagram is copied once, out of a reused
 * direct buffer into an array of its own size (JAIN-SIP's processor allocates a new {@code MAX_MESSAGE_SIZE} array
 * per datagram and hands it over an unbounded queue).
 *
 * <p>Datagrams are partitioned by Call-ID (1024 partitions): a partition's datagrams are processed one at a time in
 * arrival order, so the messages of a call never overtake each other, while other partitions run in parallel on the
 * worker threads; a script held up blocks its own partition only. Datagrams wait in one bounded queue (full: the
 * datagram is dropped and counted, nobody waits); a request that waited longer than the settings' maximum is
 * dropped and counted when its turn comes (responses never are). The leading receive thread reads without blocking while
 * datagrams wait and queues each; the last one of a burst, when nothing of its partition is pending, it processes
 * itself. So a lone request is processed by the thread the kernel woke (no hand-off), and a loaded server hands
 * off without waking anybody but busy workers. A standby receive thread takes the lead when the leader is held up
 * by a script for more than 20 ms, so the socket keeps being read. Replies go from the processing thread straight
 * to the socket.
 */
public final class UdpMessageProcessor extends MessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(UdpMessageProcessor.class);
    /** The largest UDP payload; a larger buffer is never needed, a smaller one would truncate silently. */
    static final int MAX_DATAGRAM = 65_535;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SEND_ATTEMPTS = 50;
    private static final long SEND_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long STANDBY_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TAKEOVER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Call-ID partitions: a script held up blocks the calls of its partition only (1 in 1024). */
    static final int PARTITIONS = 1024;
    /** Datagrams a worker processes from one partition before it gives the others a turn. */
    private static final int BATCH = 16;

    private final DatagramChannel channel;
    private final Selector selector;
    private final UdpTransportSettings settings;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;
    private final Partition[] partitions;
    /** Partitions with datagrams and nobody processing them; each partition is in here at most once. */
    private final ArrayBlockingQueue<Partition> ready;
    /** Datagrams in partition queues, all partitions together (bounded by the settings' queue capacity). */
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread[] workers;
    private final Thread[] receivers;
    /** The receive thread that reads the socket. */
    private final AtomicReference<Thread> leader = new AtomicReference<>();
    /** 0 while the leader reads; since when (nanoTime) it processes a datagram itself; -1 while being taken over. */
    private final AtomicLong inlineSince = new AtomicLong();
    private final LongAdder takeovers = new LongAdder();
    /** Receive threads processing a datagram themselves (at most all of them but one). */
    private final AtomicInteger processingReceivers = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder processedInline = new LongAdder();
    private final LongAdder sendFailed = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final long maxQueueWaitNanos;
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong lastErrorWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private volatile boolean running;

    private UdpMessageProcessor(InetAddress address, int port, SIPTransactionStack stack,
                                UdpTransportSettings settings, DatagramChannel channel, Selector selector)
            throws IOException {
        super(address, port, "udp", stack);
        this.channel = channel;
        this.selector = selector;
        this.settings = settings;
        this.maxQueueWaitNanos = TimeUnit.MILLISECONDS.toNanos(settings.maxQueueWaitMillis());
        this.receiveBufferBytes = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        this.sendBufferBytes = channel.getOption(StandardSocketOptions.SO_SNDBUF);
        this.partitions = new Partition[PARTITIONS];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new Partition();
        }
        this.ready = new ArrayBlockingQueue<>(PARTITIONS);
        this.workers = new Thread[settings.workers()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(this::work, "sip-udp-" + port + "-worker-" + i);
            workers[i].setDaemon(true);
        }
        this.receivers = new Thread[settings.receiveThreads()];
        for (int i = 0; i < receivers.length; i++) {
            receivers[i] = new Thread(this::receive, "sip-udp-" + port + "-receive-" + i);
            receivers[i].setDaemon(true);
        }
    }

    /** Binds address:port (port 0: any free port) with the socket buffers asked for. */
    static UdpMessageProcessor open(InetAddress address, int port, SIPTransactionStack stack,
                                    UdpTransportSettings settings) throws IOException {
        DatagramChannel channel = DatagramChannel.open(address instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        Selector selector = null;
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBufferBytes());
            channel.setOption(StandardSocketOptions.SO_SNDBUF, settings.sendBufferBytes());
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            int bound = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            return new UdpMessageProcessor(address, bound, stack, settings, channel, selector);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    @Override
    public void start() throws IOException {
        running = true;
        for (Thread t : workers) {
            t.start();
        }
        leader.set(receivers[0]);
        for (Thread t : receivers) {
            t.start();
        }
        if (receiveBufferBytes < settings.receiveBufferBytes() / 2) {
            LOG.warn("UDP {}:{}: the kernel gave a receive buffer of {} bytes for {} asked (raise"
                            + " net.core.rmem_max): bursts may be lost", getIpAddress().getHostAddress(), getPort(),
                    receiveBufferBytes, settings.receiveBufferBytes());
        }
        LOG.debug("UDP {}:{}: {} workers, {} receive threads, {} queued datagrams at most, SO_RCVBUF {} SO_SNDBUF {}",
                getIpAddress().getHostAddress(), getPort(), workers.length, receivers.length,
                settings.queueCapacity(), receiveBufferBytes, sendBufferBytes);
    }

    /**
     * A receive thread. The leader reads the socket and processes the last datagram of a burst itself; the others
     * stand by, looking every few milliseconds whether the leader has been processing for too long (a script that
     * blocks), and then one of them takes the lead. An idle standby costs a wake-up every few milliseconds, never
     * one per datagram.
     */
    private void receive() {
        Thread me = Thread.currentThread();
        UdpMessageChannel.Reader reader = new UdpMessageChannel.Reader(this);
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try {
            while (running) {
                if (leader.get() != me) {
                    standBy(me);
                    continue;
                }
                Inbound mine = lead(buffer);
                if (mine == null) {
                    continue;
                }
                long since = System.nanoTime() | 1; // never 0 (leading) nor -1 (taken over)
                inlineSince.set(since);
                try {
                    partitions[mine.partition()].processClaimed(mine, reader);
                } finally {
                    processingReceivers.decrementAndGet();
                }
                processedInline.increment();
                if (!inlineSince.compareAndSet(since, 0)) {
                    while (leader.get() == me) {
                        Thread.onSpinWait(); // the new leader is setting itself
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("UDP {}: receiving failed, no more datagrams are read", getPort(), e);
            }
        }
    }

    /** Waits a little; takes the lead if the leader has been processing one datagram for too long. */
    private void standBy(Thread me) {
        LockSupport.parkNanos(STANDBY_CHECK_NANOS);
        long since = inlineSince.get();
        if (running && since > 0 && System.nanoTime() - since > TAKEOVER_NANOS
                && inlineSince.compareAndSet(since, -1)) {
            leader.set(me);
            inlineSince.set(0);
            takeovers.increment();
            LOG.debug("UDP {}: {} takes the lead, the leader is held up processing", getPort(), me.getName());
        }
    }

    /**
     * Reads the socket until a datagram is left for this thread to process itself (returned, its partition
     * claimed and locked), or the processor stops (null). Datagrams read while more are waiting, or whose partition
     * is busy, go to their partition's queue.
     */
    private Inbound lead(ByteBuffer buffer) throws IOException {
        Inbound held = null;
        while (running) {
            Inbound in;
            try {
                in = readOne(buffer);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                warnRarely(lastErrorWarning, "UDP {}: receive failed: {}", getPort(), e.toString());
                continue;
            }
            if (in != null) {
                if (held != null) {
                    enqueue(held);
                }
                held = in;
            } else if (held != null) {
                // the socket is empty: process the last datagram here if nothing of its partition is pending and
                // another receive thread is free to take the lead should this one be held up
                if (processingReceivers.incrementAndGet() < receivers.length) {
                    if (partitions[held.partition()].claimIdle()) {
                        return held;
                    }
                }
                processingReceivers.decrementAndGet();
                enqueue(held);
                held = null;
            } else {
                selector.select();
                selector.selectedKeys().clear();
            }
        }
        if (held != null) {
            enqueue(held);
        }
        return null;
    }

    /** The next datagram waiting in the socket, or null if none. */
    private Inbound readOne(ByteBuffer buffer) throws IOException {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        if (!(from instanceof InetSocketAddress source)) {
            return null;
        }
        buffer.flip();
        int length = buffer.remaining();
        byte[] data = new byte[length];
        buffer.get(data);
        received.increment();
        return new Inbound(data, source.getAddress(), source.getPort(), partitionOf(data, length), System.nanoTime());
    }

    private boolean tooOld(Inbound in) {
        return maxQueueWaitNanos > 0 && in.isRequest() && System.nanoTime() - in.receivedNanos() > maxQueueWaitNanos;
    }

    private void enqueue(Inbound in) {
        if (queued.incrementAndGet() > settings.queueCapacity()) {
            queued.decrementAndGet();
            dropped.increment();
            warnRarely(lastDropWarning, "UDP {}: {} datagrams dropped so far, the workers' queue being full",
                    getPort(), dropped.sum());
            return;
        }
        partitions[in.partition()].offer(in);
    }

    /** A worker: processes ready partitions, a batch at a time. */
    private void work() {
        UdpMessageChannel.Reader reader = new UdpMessageChannel.Reader(this);
        while (running) {
            Partition p;
            try {
                p = ready.take();
            } catch (InterruptedException e) {
                continue; // stop() interrupts; running tells
            }
            p.drain(reader);
        }
    }

    /** The partition of a datagram: from its Call-ID, so all messages of a call share one. */
    static int partitionOf(byte[] data, int length) {
        int h = CallIds.hash(data, length);
        return Math.floorMod(h ^ (h >>> 16), PARTITIONS);
    }

    private void warnRarely(AtomicLong last, String format, Object... args) {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before >= WARN_INTERVAL_NANOS && last.compareAndSet(before, now)) {
            LOG.warn(format, args);
        }
    }

    /**
     * Sends one datagram from our port; called by any thread (workers, timers, the application). The socket is
     * non-blocking: a full send buffer is retried for at most 5 ms, then the datagram is counted as not sent.
     */
    void send(byte[] data, InetAddress address, int port) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        InetSocketAddress target = new InetSocketAddress(address, port);
        for (int attempt = 1; channel.send(buffer, target) == 0; attempt++) {
            if (attempt >= SEND_ATTEMPTS) {
                sendFailed.increment();
                throw new IOException("UDP send buffer full towards " + target);
            }
            LockSupport.parkNanos(SEND_RETRY_NANOS);
        }
    }

    /** A datagram this processor could not process; logged, at most every 10 s. */
    void processingFailed(Inbound in, Throwable t) {
        warnRarely(lastErrorWarning, "UDP {}: a datagram of {} bytes from {}:{} failed: {}", getPort(),
                in.data().length, in.address().getHostAddress(), in.port(), t.toString());
        LOG.debug("UDP datagram processing failed", t);
    }

    @Override
    public void stop() {
        LOG.info("UDP {}:{} stops: {}", getIpAddress().getHostAddress(), getPort(), stats());
        running = false;
        selector.wakeup();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing UDP {}", getPort(), e);
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : receivers) {
            t.interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of UDP {}", getPort(), e);
        }
    }

    int nonInviteLingerMillis() {
        return settings.nonInviteLingerMillis();
    }

    /** Counters of this socket. */
    public UdpTransportStats stats() {
        return new UdpTransportStats(getIpAddress().getHostAddress(), getPort(), received.sum(), dropped.sum(),
                queued.get(), shed.sum(), processedInline.sum(), takeovers.sum(), sendFailed.sum(), receiveBufferBytes,
                sendBufferBytes, workers.length);
    }

    @Override
    public SIPTransactionStack getSIPStack() {
        return sipStack;
    }

    @Override
    public MessageChannel createMessageChannel(HostPort target) throws IOException {
        return UdpMessageChannel.towards(this, target.getInetAddress(), target.getPort());
    }

    @Override
    public MessageChannel createMessageChannel(InetAddress host, int port) {
        return UdpMessageChannel.towards(this, host, port);
    }

    @Override
    public int getDefaultTargetPort() {
        return 5060;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public int getMaximumMessageSize() {
        return MAX_DATAGRAM;
    }

    @Override
    public boolean inUse() {
        for (Partition p : partitions) {
            if (p.pending.get() > 0) {
                return true;
            }
        }
        return false;
    }

    /** A received datagram and the partition its Call-ID maps to. */
    record Inbound(byte[] data, InetAddress address, int port, int partition, long receivedNanos) {

        /** A request (not a response): one that starts work rather than finishing some. */
        boolean isRequest() {
            return data.length < 4 || data[0] != 'S' || data[1] != 'I' || data[2] != 'P' || data[3] != '/';
        }
    }

    /**
     * The datagrams of the calls whose Call-IDs map here, processed one at a time in arrival order: by a worker that
     * took the partition from the ready queue, or by the receive thread that found it idle.
     */
    private final class Partition {
        final ConcurrentLinkedQueue<Inbound> queue = new ConcurrentLinkedQueue<>();
        /** Datagrams given to this partition and not processed yet (queued, or in a thread's hands). */
        final AtomicInteger pending = new AtomicInteger();
        /** Held while one of this partition's datagrams is processed. */
        final ReentrantLock processing = new ReentrantLock();

        /** Queues a datagram; the partition goes to the ready queue if it was idle. */
        void offer(Inbound in) {
            queue.offer(in);
            if (pending.getAndIncrement() == 0) {
                ready.offer(this); // never full: a partition is in there at most once
            }
        }

        /**
         * Claims the partition for one datagram (not queued) if nothing of it is pending, and locks it: a datagram
         * of it queued meanwhile waits for that one.
         */
        boolean claimIdle() {
            if (!pending.compareAndSet(0, 1)) {
                return false;
            }
            processing.lock(); // free, or about to be: a worker counts down to 0 just before it unlocks
            return true;
        }

        /** Processes the claimed datagram; what was queued meanwhile goes to a worker. */
        void processClaimed(Inbound in, UdpMessageChannel.Reader reader) {
            try {
                process(in, reader);
            } finally {
                processing.unlock();
            }
            if (pending.decrementAndGet() > 0) {
                ready.offer(this);
            }
        }

        /** A worker's turn: up to a batch of queued datagrams, then back to the ready queue if more remain. */
        void drain(UdpMessageChannel.Reader reader) {
            processing.lock();
            try {
                for (int n = 0; n < BATCH; n++) {
                    Inbound in = queue.poll(); // present: counted in pending only after it was queued
                    if (in == null) {
                        LOG.error("UDP {}: a ready partition had nothing queued", getPort());
                        return;
                    }
                    queued.decrementAndGet();
                    if (tooOld(in)) {
                        shed.increment(); // its sender has retransmitted or given up: spend the time on fresh work
                    } else {
                        process(in, reader);
                    }
                    if (pending.decrementAndGet() == 0) {
                        return;
                    }
                }
            } finally {
                processing.unlock();
            }
            ready.offer(this);
        }

        private void process(Inbound in, UdpMessageChannel.Reader reader) {
            try {
                reader.process(in);
            } catch (RuntimeException | StackOverflowError e) {
                processingFailed(in, e);
            }
        }
    }
}
