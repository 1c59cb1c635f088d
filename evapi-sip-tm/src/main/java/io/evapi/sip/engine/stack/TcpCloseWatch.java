package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP tells its listener nothing when a TCP connection closes; this message processor factory (the stack's
 * own OIO one, with a TCP processor that reports) does: every SIP-over-TCP connection the stack held, accepted or
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
        private final Set<ConnectionOrientedMessageChannel> reported = Collections.newSetFromMap(new WeakHashMap<>());

        Processor(InetAddress ipAddress, SIPTransactionStack sipStack, int port, Listener listener) {
            super(ipAddress, sipStack, port);
            this.listener = listener;
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
