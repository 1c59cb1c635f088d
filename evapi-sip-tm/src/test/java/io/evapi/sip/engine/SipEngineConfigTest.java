package io.evapi.sip.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SipEngineConfigTest {

    @Test
    void defaultsListenOnLoopbackUdpAndTcp5060() {
        SipEngineConfig c = SipEngineConfig.defaults();
        assertThat(c.listenPoints()).containsExactly(ListenPoint.udp("127.0.0.1", 5060),
                ListenPoint.tcp("127.0.0.1", 5060));
        assertThat(c.threadPoolSize()).isEqualTo(16);
        assertThat(c.frTimerMillis()).isEqualTo(30_000);
        assertThat(c.frInvTimerMillis()).isEqualTo(120_000);
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> new ListenPoint("sctp", "127.0.0.1", 5060)).hasMessageContaining("udp or tcp");
        assertThatThrownBy(() -> ListenPoint.udp("127.0.0.1", 0)).hasMessageContaining("port");
        assertThatThrownBy(() -> ListenPoint.udp(" ", 5060)).hasMessageContaining("host");
        assertThatThrownBy(() -> new SipEngineConfig(List.of(), 16, 1, 1, 1)).hasMessageContaining("listen point");
        assertThatThrownBy(() -> SipEngineConfig.defaults().withThreadPoolSize(0)).hasMessageContaining("threadPool");
        assertThatThrownBy(() -> SipEngineConfig.defaults().withTimers(0, 1)).hasMessageContaining("frTimer");
        assertThatThrownBy(() -> SipEngineConfig.defaults().withTimers(1, 0)).hasMessageContaining("frInvTimer");
        assertThat(new ListenPoint("UDP", "127.0.0.1", 5060).transport()).isEqualTo("udp");
    }

    @Test
    void aBusyPortFailsTheStartAndReleasesWhatWasBound() throws Exception {
        try (SipEngine first = EngineFixture.start(ctx -> { })) {
            int port = first.port("udp");
            assertThatThrownBy(() -> SipEngine.start(SipEngineConfig.onLoopback(port), ctx -> { }))
                    .isInstanceOf(Exception.class);
        }
    }
}
