package io.evapi.proxy.modules.evapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.core.server.EvapiServerConfig;
import io.evapi.core.server.SlowClientPolicy;
import io.evapi.proxy.spi.ParamSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every parameter's default, and how each maps onto the server's configuration. */
class EvapiParamsTest {

    private static Map<String, Object> defaults() {
        Map<String, Object> values = new HashMap<>();
        for (ParamSpec p : new EvapiModule().parameters()) {
            values.put(p.name(), p.defaultValue());
        }
        return values;
    }

    @Test
    void defaultsMatchKamailioAndEvapiCore() throws Exception {
        EvapiParams p = EvapiParams.from(defaults());
        assertThat(p).isEqualTo(new EvapiParams(1, "127.0.0.1:8448", 1, 8, "", 500_000, 3, 0, 0, 0, 1024 * 1024,
                4 * 1024 * 1024, "drop"));
        assertThat(p.serverConfig()).isEqualTo(EvapiServerConfig.defaults());
    }

    @Test
    void everyParameterMapsOntoTheServer() throws Exception {
        Map<String, Object> v = defaults();
        v.put("workers", 4L);
        v.put("bind_addr", "[::1]:9000");
        v.put("netstring_format", 0L);
        v.put("max_clients", 16L);
        v.put("send_data_timeout", 2_500L);
        v.put("context_mlimit", 1000L);
        v.put("max_frame_size", 4096L);
        v.put("max_pending_bytes", 65536L);
        v.put("slow_client_policy", "CLOSE");
        EvapiServerConfig c = EvapiParams.from(v).serverConfig();
        assertThat(c.workers()).isEqualTo(4);
        assertThat(c.bindAddr()).isEqualTo("[::1]:9000");
        assertThat(c.netstringFormat()).isFalse();
        assertThat(c.maxClients()).isEqualTo(16);
        assertThat(c.sendDataTimeoutMillis()).as("µs rounded up to ms").isEqualTo(3);
        assertThat(c.maxQueuedEvents()).isEqualTo(1000);
        assertThat(c.maxFrameSize()).isEqualTo(4096);
        assertThat(c.maxPendingBytes()).isEqualTo(65536);
        assertThat(c.slowClientPolicy()).isEqualTo(SlowClientPolicy.CLOSE);
    }
}
