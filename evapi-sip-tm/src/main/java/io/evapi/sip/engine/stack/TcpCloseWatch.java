package io.evapi.sip.engine.stack;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP tells its listener nothing when a TCP connection closes; this message processor factory (the stack's
 * own OIO one, with a TCP processor that reports, and whose channels are {@link DrainingTcpChannel}s) does: every SIP-over-TCP connection the stack held, accepted or
 * opened by us, is reported once when its reader ends, whichever side closed it (Kamailio's and OpenSIPS's
 * {@code tcp:closed} / {@code E_CORE_TCP_DISCONNECT}). Called on the connection's reader thread: be quick.
 */
public final class TcpCloseWatch extends OIOMessageProcessorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TcpCloseWatch.class);

    /** Receives closed connections: the peer's address and port, and ours. */
    @FunctionalInterface
    public interface Listener {
        void closed(String peerAddress, int peerPort, String localAddress, int localPort);
    }

    private final Listener listener;

    public TcpCloseWatch(Listener listener) {
        this.listener = listener;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack sipStack, InetAddress ipAddress, int port,
            String transport) throws IOException {
        if (transport.equalsIgnoreCase(ListeningPoint.TCP)) {
            return new Processor(ipAddress, sipStack, port, listener);
        }
        return super.createMessageProcessor(sipStack, ipAddress, port, transport);
    }

    private static final class Processor extends TCPMessageProcessor {
        private final Listener listener;
        private final int maxConnections;
        private final Set<ConnectionOrientedMessageChannel> reported = Collections.newSetFromMap(new WeakHashMap<>());

        Processor(InetAddress ipAddress, SIPTransactionStack sipStack, int port, Listener listener) {
            super(ipAddress, sipStack, port);
            this.listener = listener;
            this.maxConnections = maxConnections(sipStack);
        }

        /** The stack's MAX_CONNECTIONS (its field is not public); -1, none, as the stack's default. */
        private static int maxConnections(SIPTransactionStack stack) {
            try {
                java.lang.reflect.Field f = SIPTransactionStack.class.getDeclaredField("maxConnections");
                f.setAccessible(true);
                return f.getInt(stack);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }

        /** JAIN-SIP's accept loop, with {@link DrainingTcpChannel}s. */
        @Override
        public void run() {
            while (isRunning) {
                try {
                    synchronized (this) {
                        while (maxConnections != -1 && nConnections >= maxConnections) {
                            wait();
                            if (!isRunning) {
                                return;
                            }
                        }
                        nConnections++;
                    }
                    Socket accepted = sock.accept();
                    DrainingTcpChannel channel = new DrainingTcpChannel(accepted, sipStack, this,
                            "TCPMessageChannelThread-" + nConnections);
                    incomingMessageChannels.put(channel.getKey(), channel);
                } catch (SocketException e) {
                    isRunning = false; // the server socket closed: the processor stops
                } catch (IOException e) {
                    LOG.debug("TCP accept failed", e);
                    synchronized (this) {
                        if (maxConnections != -1) {
                            nConnections--; // no channel will give this slot back
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public synchronized MessageChannel createMessageChannel(HostPort target) throws IOException {
            return createMessageChannel(target.getInetAddress(), target.getPort());
        }

        @Override
        public synchronized MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
            String key = MessageChannel.getKey(host, port, "TCP");
            ConnectionOrientedMessageChannel cached = messageChannels.get(key);
            if (cached != null) {
                return cached;
            }
            DrainingTcpChannel channel = new DrainingTcpChannel(host, port, sipStack, this);
            channel.markCached();
            messageChannels.put(key, channel);
            return channel;
        }

        @Override
        protected synchronized void remove(ConnectionOrientedMessageChannel channel) {
            super.remove(channel);
            if (!reported.add(channel)) {
                return;
            }
            try {
                listener.closed(channel.getPeerAddress(), channel.getPeerPort(), getIpAddress().getHostAddress(),
                        getPort());
            } catch (RuntimeException e) {
                LOG.warn("TCP close listener failed", e);
            }
        }
    }
}
