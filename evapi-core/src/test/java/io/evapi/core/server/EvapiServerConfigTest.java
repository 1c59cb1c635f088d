package io.evapi.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvapiServerConfigTest {

    @Test
    void defaultsAreKamailiosAndOurs() {
        EvapiServerConfig c = EvapiServerConfig.defaults();
        assertThat(c.bindAddr()).isEqualTo("127.0.0.1:8448");
        assertThat(c.maxClients()).isEqualTo(8);
        assertThat(c.netstringFormat()).isTrue();
        assertThat(c.workers()).isEqualTo(1);
        assertThat(c.maxFrameSize()).isEqualTo(1024 * 1024);
        assertThat(c.maxPendingBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.slowClientPolicy()).isEqualTo(SlowClientPolicy.DROP);
        assertThat(c.sendDataTimeoutMillis()).isZero();
        assertThat(c.maxQueuedEvents()).isZero();
        assertThat(c.maxInboundBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.maxInboundTotalBytes()).isEqualTo(64 * 1024 * 1024);
        assertThat(c.idleTimeoutMillis()).as("off").isZero();
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldConstructorStillWorksWithTheNewValuesAtTheirDefaults() {
        EvapiServerConfig c = new EvapiServerConfig("127.0.0.1:9000", 3, false, 100, 200, SlowClientPolicy.CLOSE, 2,
                5, 7);
        assertThat(c).isEqualTo(EvapiServerConfig.defaults().withBindAddr("127.0.0.1:9000").withMaxClients(3)
                .withNetstringFormat(false).withMaxFrameSize(100).withMaxPendingBytes(200)
                .withSlowClientPolicy(SlowClientPolicy.CLOSE).withWorkers(2).withSendDataTimeoutMillis(5)
                .withMaxQueuedEvents(7));
    }

    @Test
    void bindAddressesParse() {
        assertThat(BindAddress.parse("127.0.0.1:8448")).isEqualTo(new BindAddress("127.0.0.1", 8448));
        assertThat(BindAddress.parse("[::1]:8448")).isEqualTo(new BindAddress("::1", 8448));
        assertThat(BindAddress.parse("localhost:0")).isEqualTo(new BindAddress("localhost", 0));
        assertThat(BindAddress.parse("[::1]:8448").toString()).isEqualTo("[::1]:8448");
        assertThatThrownBy(() -> BindAddress.parse("::1:8448")).hasMessageContaining("[ipv6]:port");
        assertThatThrownBy(() -> BindAddress.parse("127.0.0.1")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> BindAddress.parse("127.0.0.1:x")).hasMessageContaining("bad port 'x'");
        assertThatThrownBy(() -> BindAddress.parse("127.0.0.1:70000")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> BindAddress.parse("[::1]8448")).hasMessageContaining("[ipv6]:port");
    }

    @Test
    void invalidValuesAreRejectedWithTheirKamailioName() {
        EvapiServerConfig c = EvapiServerConfig.defaults();
        assertThatThrownBy(() -> c.withMaxClients(0)).hasMessageContaining("max_clients");
        assertThatThrownBy(() -> c.withWorkers(-1)).hasMessageContaining("workers");
        assertThatThrownBy(() -> c.withMaxFrameSize(0)).hasMessageContaining("max_frame_size");
        assertThatThrownBy(() -> c.withMaxPendingBytes(-5)).hasMessageContaining("max_pending_bytes");
        assertThatThrownBy(() -> c.withSendDataTimeoutMillis(-1)).hasMessageContaining("send_data_timeout");
        assertThatThrownBy(() -> c.withMaxQueuedEvents(-1)).hasMessageContaining("context_mlimit");
        assertThatThrownBy(() -> c.withMaxInboundBytes(0)).hasMessageContaining("max_inbound_bytes");
        assertThatThrownBy(() -> c.withMaxInboundTotalBytes(0)).hasMessageContaining("max_inbound_total_bytes");
        assertThatThrownBy(() -> c.withIdleTimeoutMillis(-1)).hasMessageContaining("idle_timeout");
        assertThatThrownBy(() -> c.withBindAddr("nohost")).isInstanceOf(IllegalArgumentException.class);
    }
}
