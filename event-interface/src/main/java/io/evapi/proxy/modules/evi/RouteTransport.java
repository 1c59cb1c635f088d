package io.evapi.proxy.modules.evi;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.RaisedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal {@code route:} transport (OpenSIPS 3.x's event_route): each {@code event_route[E_NAME]} of the
 * config subscribes {@code route:E_NAME}, never expiring. A raise puts the event in a bounded queue and returns;
 * worker threads run the route with {@code $param(...)} from the event, in raise order with one worker. When
 * the queue is full the event is not run for that route: counted, logged at most every 10 seconds, and the
 * raise goes on to the other subscribers.
 */
final class RouteTransport implements EventTransport<RouteTransport.RouteSocket> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTransport.class);
    static final String PROTO = "route";
    /** The event an event route runs for: {@code $param(...)} reads it. */
    static final ContextKey<RaisedEvent> EVENT = ContextKey.of("evi.event", RaisedEvent.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** An event route: its name, which is the event's name. */
    record RouteSocket(String name, ScriptHost.Route route) {
    }

    private record Job(RouteSocket socket, RaisedEvent event) {
    }

    private final ScriptHost host;
    private final BlockingQueue<Job> queue;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong run = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile boolean running;

    RouteTransport(ScriptHost host, int workers, int queueSize) {
        this.host = requireNonNull(host, "host");
        this.workers = workers;
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    @Override
    public String proto() {
        return PROTO;
    }

    @Override
    public RouteSocket parse(String address) throws InvalidSocketException {
        return host.route(ScriptHost.RouteKind.EVENT, address).map(r -> new RouteSocket(address, r))
                .orElseThrow(() -> new InvalidSocketException("the config has no event_route[" + address + "]"));
    }

    @Override
    public boolean matches(RouteSocket existing, RouteSocket candidate) {
        return existing.name().equals(candidate.name());
    }

    @Override
    public String print(RouteSocket socket) {
        return socket.name();
    }

    @Override
    public boolean expires() {
        return false;
    }

    @Override
    public int raise(RaisedEvent event, RouteSocket socket) {
        if (queue.offer(new Job(socket, event))) {
            return 0;
        }
        long n = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("event_route[{}]: queue full ({} events waiting), event not run; {} dropped so far"
                    + " (modparam event_interface route_queue_size / route_workers)", socket.name(),
                    queue.size(), n);
        }
        return -1;
    }

    /** Events not run because the queue was full, since start. */
    long dropped() {
        return dropped.get();
    }

    /** Event routes run, since start. */
    long routesRun() {
        return run.get();
    }

    int queued() {
        return queue.size();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "event_route-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void work() {
        while (running) {
            Job job;
            try {
                job = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            try {
                host.run(job.socket().route(), RouteType.EVENT, ctx -> ctx.put(EVENT, job.event()));
            } catch (RuntimeException e) {
                LOG.error("event_route[{}] failed", job.socket().name(), e);
            }
            run.incrementAndGet();
        }
    }

    synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }
}
