package io.evapi.sip.engine.transport;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.ListeningPoint;

/**
 * JAIN-SIP's {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}: UDP on {@link UdpMessageProcessor}, every
 * other transport on JAIN-SIP's own blocking-I/O processors (or the factory given). Settings come from the stack properties
 * ({@link UdpTransportSettings}).
 */
public final class SipTransportFactory implements MessageProcessorFactory {

    private final MessageProcessorFactory others;
    private final List<UdpMessageProcessor> udp = new CopyOnWriteArrayList<>();

    /** Called by JAIN-SIP when named in the stack property; {@code SipStackBinding} sets an instance itself. */
    public SipTransportFactory() {
        this(new OIOMessageProcessorFactory());
    }

    /** UDP here, every other transport on {@code others}. */
    public SipTransportFactory(MessageProcessorFactory others) {
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            return others.createMessageProcessor(stack, address, port, transport);
        }
        Properties properties = stack instanceof SipStackImpl impl ? impl.getConfigurationProperties() : null;
        UdpTransportSettings settings;
        try {
            settings = UdpTransportSettings.from(properties);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        UdpMessageProcessor processor = UdpMessageProcessor.open(address, port, stack, settings);
        udp.add(processor);
        return processor;
    }

    /** Counters of every UDP socket this factory opened. */
    public List<UdpTransportStats> udpStats() {
        return udp.stream().map(UdpMessageProcessor::stats).toList();
    }
}
