package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.timers.SipTimer;
import io.evapi.sip.engine.ListenPoint;
import io.evapi.sip.engine.SipEngineConfig;
import io.evapi.sip.engine.transport.SipTransportFactory;
import io.evapi.sip.engine.transport.UdpTransportSettings;
import io.evapi.sip.engine.transport.UdpTransportStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JAIN-SIP stack with its providers (one per listening address, carrying its udp and/or tcp points) and the
 * message factories. Settings that matter: reentrant listener on a bounded pool, no automatic dialogs, UDP on our
 * own transport ({@link SipTransportFactory}: large socket buffers, a datagram copied once into an array of its own
 * size, bounded worker queues with per-call order), TCP on JAIN-SIP's OIO processor (NIO loses outgoing TCP in this
 * release), SLF4J loggers, our {@link DestinationRouter} for every URI.
 */
public final class SipStackBinding {

    private static final Logger LOG = LoggerFactory.getLogger(SipStackBinding.class);
    private static final AtomicInteger STACK_IDS = new AtomicInteger();
    static final int MAX_TCP_CONNECTIONS = 1024;

    private final SipStackImpl stack;
    private final SipTransportFactory transports;
    private final List<SipProvider> providers;
    private final List<ListenPoint> bound;
    public final HeaderFactory headers = new HeaderFactoryImpl();
    public final MessageFactory messages = new MessageFactoryImpl();
    public final AddressFactory addresses = new AddressFactoryImpl();

    private SipStackBinding(SipStackImpl stack, SipTransportFactory transports, List<SipProvider> providers,
                            List<ListenPoint> bound) {
        this.stack = stack;
        this.transports = transports;
        this.providers = List.copyOf(providers);
        this.bound = List.copyOf(bound);
    }

    public static SipStackBinding start(SipEngineConfig config, SipListener listener) throws SipException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        Properties properties = properties(config);
        SipStackImpl stack = new SipStackImpl(properties);
        // set as instances rather than by class name (no reflection across class loaders), before any listening
        // point exists; TCP on a processor that reports closed connections when the listener wants them
        SipTransportFactory transports = new SipTransportFactory(listener instanceof TcpCloseWatch.Listener watcher
                ? new TcpCloseWatch(watcher) : new OIOMessageProcessorFactory());
        stack.setMessageProcessorFactory(transports);
        useWheelTimer(stack, properties);
        List<SipProvider> providers = new ArrayList<>();
        List<ListenPoint> bound = new ArrayList<>();
        try {
            Map<String, List<ListenPoint>> byAddress = new LinkedHashMap<>();
            for (ListenPoint lp : config.listenPoints()) {
                byAddress.computeIfAbsent(lp.host() + ":" + lp.port(), k -> new ArrayList<>()).add(lp);
            }
            for (List<ListenPoint> group : byAddress.values()) {
                SipProvider provider = null;
                for (ListenPoint lp : group) {
                    ListeningPoint point = stack.createListeningPoint(lp.host(), lp.port(), lp.transport());
                    if (provider == null) {
                        provider = stack.createSipProvider(point);
                        provider.addSipListener(listener);
                        providers.add(provider);
                    } else {
                        provider.addListeningPoint(point);
                    }
                    bound.add(new ListenPoint(lp.transport(), point.getIPAddress(), point.getPort()));
                }
            }
            stack.start();
        } catch (Exception e) {
            stack.stop();
            throw e instanceof SipException se ? se : new SipException("cannot start the SIP stack: " + e, e);
        }
        LOG.info("SIP stack {} listening on {}", stack.getStackName(), bound);
        return new SipStackBinding(stack, transports, providers, bound);
    }

    /** Replaces the java.util.Timer the stack started with by a {@link WheelSipTimer}, before any task exists. */
    private static void useWheelTimer(SipStackImpl stack, Properties properties) {
        if (!"false".equalsIgnoreCase(System.getProperty("io.evapi.sip.WHEEL_TIMER", "true"))) {
            SipTimer started = stack.getTimer();
            WheelSipTimer wheel = new WheelSipTimer();
            wheel.start(stack, properties);
            stack.setTimer(wheel);
            started.stop();
        }
    }

    private static Properties properties(SipEngineConfig config) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "evapi-sip-" + STACK_IDS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("javax.sip.ROUTER_PATH", DestinationRouter.class.getName());
        p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(config.threadPoolSize()));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "40000");
        // a transaction done with its messages lets them go (the last response stays as bytes for retransmissions):
        // 584 MiB live became 203 MiB for 50,000 completed OPTIONS transactions. "Normal" would keep the request
        // as bytes and re-parse it at every clean-up (a whole parse per transaction on the stack's timer thread).
        // A non-INVITE server transaction then has no request once completed: ask ProxyTransaction, not it.
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Aggressive");
        // a terminated transaction goes at its next timer tick, not 8 s later (JAIN-SIP keeps it that long for a
        // TCP ACK on its connection; our ACKs for 2xx are routed as requests of their own)
        p.setProperty("gov.nist.javax.sip.LINGER_TIMER", "0");
        // UDP (SipTransportFactory): one worker per pool thread; socket buffers that outlast a pause of the JVM
        p.setProperty(UdpTransportSettings.WORKERS, Integer.toString(config.threadPoolSize()));
        p.setProperty(UdpTransportSettings.QUEUE_CAPACITY, Integer.toString(config.udpQueueCapacity()));
        p.setProperty(UdpTransportSettings.RECEIVE_BUFFER, Integer.toString(UdpTransportSettings.DEFAULT_RECEIVE_BUFFER));
        p.setProperty(UdpTransportSettings.SEND_BUFFER, Integer.toString(UdpTransportSettings.DEFAULT_SEND_BUFFER));
        // OIO TCP costs a thread per connection: bound them (UDP is bounded by the stack's congestion control)
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", Integer.toString(MAX_TCP_CONNECTIONS));
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "DEBUG");
        // keeps each request's bytes for the sanity module, and routes a CSeq method mismatch as Kamailio does
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", ReceivedBytesParserFactory.class.getName());
        // tuning from the command line (-Dio.evapi.sip.transport.*, -Dgov.nist.javax.sip.*) overrides the above
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("io.evapi.sip.transport.") || name.startsWith("gov.nist.javax.sip.")) {
                p.setProperty(name, System.getProperty(name));
            }
        }
        return p;
    }

    /** The addresses actually bound, in configuration order. */
    public List<ListenPoint> listenPoints() {
        return bound;
    }

    public List<SipProvider> providers() {
        return providers;
    }

    /** The provider that sends over {@code transport}: {@code preferred} when it can, else the first that can. */
    public SipProvider providerFor(String transport, SipProvider preferred) throws SipException {
        String t = transport.toLowerCase(Locale.ROOT);
        if (preferred != null && preferred.getListeningPoint(t) != null) {
            return preferred;
        }
        for (SipProvider p : providers) {
            if (p.getListeningPoint(t) != null) {
                return p;
            }
        }
        throw new SipException("no listening point for transport " + t);
    }

    /** True when host:port is one of our listening addresses (for loose routing). */
    public boolean isLocal(String host, int port) {
        for (ListenPoint lp : bound) {
            if (lp.port() == port && lp.host().equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }

    /** Counters of the UDP sockets (datagrams received, dropped on full queues, queued now). */
    public List<UdpTransportStats> udpStats() {
        return transports.udpStats();
    }

    /** The stack itself, for transaction lookups the javax.sip API does not offer. */
    public SipStackImpl stackForLookups() {
        return stack;
    }

    public void stop() {
        stack.stop();
        LOG.info("SIP stack {} stopped", stack.getStackName());
    }
}
