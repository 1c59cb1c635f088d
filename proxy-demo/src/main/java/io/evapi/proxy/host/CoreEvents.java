package io.evapi.proxy.host;

import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.spi.event.EventInterface;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.List;

/**
 * The core events this proxy raises itself (OpenSIPS's evi_core): {@code E_CORE_THRESHOLD} when a route run on
 * a SIP request takes longer than {@code exec_msg_threshold} microseconds, and {@code E_CORE_TCP_DISCONNECT}
 * when a SIP-over-TCP connection closes. Both cost nothing while nobody subscribes (one probe).
 */
final class CoreEvents {
    static final String THRESHOLD = "E_CORE_THRESHOLD";
    static final String TCP_DISCONNECT = "E_CORE_TCP_DISCONNECT";

    private final EventInterface evi;
    private final PublishedEvent threshold;
    private final PublishedEvent tcpDisconnect;
    private final long thresholdMicros;

    private CoreEvents(EventInterface evi, long thresholdMicros) {
        this.evi = evi;
        this.threshold = evi.publish(THRESHOLD);
        this.tcpDisconnect = evi.publish(TCP_DISCONNECT);
        this.thresholdMicros = thresholdMicros;
    }

    /** Null when the config has no event interface. */
    static CoreEvents of(CompiledConfig config) {
        return config.service(EventInterface.class)
                .map(evi -> new CoreEvents(evi, config.settings().execMsgThreshold())).orElse(null);
    }

    /** Whether route runs are to be timed at all. */
    boolean timing() {
        return thresholdMicros > 0;
    }

    /** A route run on {@code message} took {@code nanos}: source "msg processing", time in µs, the message. */
    void routeRan(long nanos, SipMessage message) {
        long micros = nanos / 1000;
        if (micros <= thresholdMicros || !evi.hasSubscribers(threshold)) {
            return;
        }
        evi.raise(threshold, List.of(EventParam.of("source", "msg processing"), EventParam.of("time", micros),
                EventParam.of("extra", message == null ? null : message.text())));
    }

    void tcpClosed(String peerAddress, int peerPort, String localAddress, int localPort) {
        if (!evi.hasSubscribers(tcpDisconnect)) {
            return;
        }
        evi.raise(tcpDisconnect, List.of(EventParam.of("src_ip", peerAddress), EventParam.of("src_port", peerPort),
                EventParam.of("dst_ip", localAddress), EventParam.of("dst_port", localPort),
                EventParam.of("proto", "tcp")));
    }
}
