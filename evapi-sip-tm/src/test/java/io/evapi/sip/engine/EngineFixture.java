package io.evapi.sip.engine;

import io.evapi.sip.testkit.FreePorts;
import java.util.List;

/** Starts engines on free loopback ports for the tests. */
final class EngineFixture {

    private EngineFixture() {
    }

    static SipEngine start(SipRouter router, long frMillis, long frInvMillis) throws Exception {
        int port = FreePorts.udpAndTcp();
        SipEngineConfig config = new SipEngineConfig(
                List.of(ListenPoint.udp("127.0.0.1", port), ListenPoint.tcp("127.0.0.1", port)),
                8, frMillis, frInvMillis, 1024);
        return SipEngine.start(config, router);
    }

    static SipEngine start(SipRouter router) throws Exception {
        return start(router, SipEngineConfig.DEFAULT_FR_TIMER_MILLIS, SipEngineConfig.DEFAULT_FR_INV_TIMER_MILLIS);
    }
}
