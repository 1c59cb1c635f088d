package io.evapi.proxy.modules.evapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.core.server.EvapiServerConfig;
import io.evapi.core.server.SlowClientPolicy;
import io.evapi.proxy.spi.ModParams;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ParamSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every parameter's name and default, and how each maps onto the server's configuration. */
class EvapiParamsTest {

    @Test
    void parameterNamesAreKamailiosAndOurs() {
        assertThat(ModParams.specs(new EvapiModule().parametersType())).extracting(ParamSpec::name).containsExactly(
                "workers", "bind_addr", "netstring_format", "max_clients", "event_callback", "wait_idle",
                "wait_increase", "send_task_timeout", "send_data_timeout", "context_mlimit", "max_frame_size",
                "max_pending_bytes", "slow_client_policy", "max_inbound_bytes", "max_inbound_total_bytes",
                "idle_timeout", "async_fail_on_close");
    }

    @Test
    void defaultsMatchKamailioAndEvapiCore() throws Exception {
        EvapiParams p = ModParams.defaults(EvapiParams.class);
        assertThat(p).isEqualTo(new EvapiParams(1, "127.0.0.1:8448", 1, 8, "", 500_000, 3, 0, 0, 0, 1024 * 1024,
                4 * 1024 * 1024, "drop", 4 * 1024 * 1024, 64 * 1024 * 1024, 0, 0));
        assertThat(p.serverConfig()).isEqualTo(EvapiServerConfig.defaults());
    }

    @Test
    void everyParameterMapsOntoTheServer() throws Exception {
        Map<String, Object> v = new HashMap<>();
        v.put("workers", 4L);
        v.put("bind_addr", "[::1]:9000");
        v.put("netstring_format", 0L);
        v.put("max_clients", 16L);
        v.put("send_data_timeout", 2_500L);
        v.put("context_mlimit", 1000L);
        v.put("max_frame_size", 4096L);
        v.put("max_pending_bytes", 65536L);
        v.put("slow_client_policy", "CLOSE");
        v.put("max_inbound_bytes", 8192L);
        v.put("max_inbound_total_bytes", 65536L);
        v.put("idle_timeout", 30L);
        EvapiServerConfig c = ModParams.bind(EvapiParams.class, v).serverConfig();
        assertThat(c.workers()).isEqualTo(4);
        assertThat(c.bindAddr()).isEqualTo("[::1]:9000");
        assertThat(c.netstringFormat()).isFalse();
        assertThat(c.maxClients()).isEqualTo(16);
        assertThat(c.sendDataTimeoutMillis()).as("µs rounded up to ms").isEqualTo(3);
        assertThat(c.maxQueuedEvents()).isEqualTo(1000);
        assertThat(c.maxFrameSize()).isEqualTo(4096);
        assertThat(c.maxPendingBytes()).isEqualTo(65536);
        assertThat(c.slowClientPolicy()).isEqualTo(SlowClientPolicy.CLOSE);
        assertThat(c.maxInboundBytes()).isEqualTo(8192);
        assertThat(c.maxInboundTotalBytes()).isEqualTo(65536);
        assertThat(c.idleTimeoutMillis()).as("seconds to ms").isEqualTo(30_000);
    }

    @Test
    void refusedValuesNameTheirParameter() {
        assertThatThrownBy(() -> ModParams.bind(EvapiParams.class, Map.of("bind_addr", "nohost")))
                .isInstanceOfSatisfying(ModuleConfigException.class,
                        e -> assertThat(e.parameter()).isEqualTo("bind_addr"));
        assertThatThrownBy(() -> ModParams.bind(EvapiParams.class, Map.of("slow_client_policy", "wait")))
                .isInstanceOfSatisfying(ModuleConfigException.class,
                        e -> assertThat(e.parameter()).isEqualTo("slow_client_policy"));
    }
}
