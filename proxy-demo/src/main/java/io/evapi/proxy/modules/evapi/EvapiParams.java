package io.evapi.proxy.modules.evapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evapi.core.server.BindAddress;
import io.evapi.core.server.EvapiServerConfig;
import io.evapi.core.server.SlowClientPolicy;
import io.evapi.proxy.spi.ModuleConfigException;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code modparam("evapi", ...)} values, converted from the host's map by Jackson and checked here.
 * Times are in microseconds, as Kamailio's.
 */
public record EvapiParams(
        @JsonProperty("workers") int workers,
        @JsonProperty("bind_addr") String bindAddr,
        @JsonProperty("netstring_format") int netstringFormat,
        @JsonProperty("max_clients") int maxClients,
        @JsonProperty("event_callback") String eventCallback,
        @JsonProperty("wait_idle") int waitIdle,
        @JsonProperty("wait_increase") int waitIncrease,
        @JsonProperty("send_task_timeout") int sendTaskTimeout,
        @JsonProperty("send_data_timeout") int sendDataTimeout,
        @JsonProperty("context_mlimit") int contextMlimit,
        @JsonProperty("max_frame_size") int maxFrameSize,
        @JsonProperty("max_pending_bytes") int maxPendingBytes,
        @JsonProperty("slow_client_policy") String slowClientPolicy) {

    static final int DEFAULT_WAIT_IDLE = 500_000;
    static final int DEFAULT_WAIT_INCREASE = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public EvapiParams {
        check("workers", workers >= 0, "expected 0 or more worker threads, found " + workers);
        check("netstring_format", netstringFormat == 0 || netstringFormat == 1,
                "expected 0 (raw) or 1 (netstring), found " + netstringFormat);
        check("max_clients", maxClients > 0, "expected at least 1, found " + maxClients);
        check("send_data_timeout", sendDataTimeout >= 0, "expected 0 (off) or more microseconds, found " + sendDataTimeout);
        check("send_task_timeout", sendTaskTimeout >= 0, "expected 0 or more microseconds, found " + sendTaskTimeout);
        check("context_mlimit", contextMlimit >= 0, "expected 0 (no limit) or more events, found " + contextMlimit);
        check("max_frame_size", maxFrameSize > 0, "expected a positive size in bytes, found " + maxFrameSize);
        check("max_pending_bytes", maxPendingBytes > 0, "expected a positive size in bytes, found " + maxPendingBytes);
        check("slow_client_policy", slowClientPolicy != null && slowClientPolicy.matches("(?i)drop|close"),
                "expected drop or close, found '" + slowClientPolicy + "'");
        try {
            BindAddress.parse(bindAddr);
        } catch (IllegalArgumentException e) {
            throw new BadParam("bind_addr", e.getMessage());
        }
    }

    /** Converts the host's parameter map; a bad value names its parameter. */
    static EvapiParams from(Map<String, Object> values) throws ModuleConfigException {
        try {
            return MAPPER.convertValue(values, EvapiParams.class);
        } catch (IllegalArgumentException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof BadParam)) {
                cause = cause.getCause();
            }
            if (cause instanceof BadParam bad) {
                throw new ModuleConfigException(bad.param, bad.getMessage());
            }
            throw new ModuleConfigException("evapi", e.getMessage());
        }
    }

    EvapiServerConfig serverConfig() {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat == 1, maxFrameSize, maxPendingBytes,
                SlowClientPolicy.valueOf(slowClientPolicy.toUpperCase(Locale.ROOT)), workers,
                (sendDataTimeout + 999L) / 1000, contextMlimit);
    }

    private static void check(String param, boolean ok, String message) {
        if (!ok) {
            throw new BadParam(param, message);
        }
    }

    /** Carries the parameter name out of Jackson's wrapping. */
    private static final class BadParam extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String param;

        BadParam(String param, String message) {
            super(message);
            this.param = param;
        }
    }
}
