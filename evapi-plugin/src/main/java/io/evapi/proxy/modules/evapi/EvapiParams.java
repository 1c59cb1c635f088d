package io.evapi.proxy.modules.evapi;

import static io.evapi.proxy.spi.InvalidParamException.check;

import io.evapi.core.server.BindAddress;
import io.evapi.core.server.EvapiServerConfig;
import io.evapi.core.server.SlowClientPolicy;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.ModParams;
import io.evapi.proxy.spi.Param;
import java.util.Locale;

/**
 * The {@code modparam("evapi", ...)} values: each parameter declared once, here, with its default; the host
 * builds the record and this constructor checks it. Times are in microseconds, as Kamailio's.
 */
public record EvapiParams(
        @Param(defaultValue = "1") int workers,
        @Param(defaultValue = "127.0.0.1:8448") String bindAddr,
        @Param(defaultValue = "1") int netstringFormat,
        @Param(defaultValue = "8") int maxClients,
        String eventCallback,
        @Param(defaultValue = "500000") int waitIdle,
        @Param(defaultValue = "3") int waitIncrease,
        @Param(defaultValue = "0") int sendTaskTimeout,
        @Param(defaultValue = "0") int sendDataTimeout,
        @Param(defaultValue = "0") int contextMlimit,
        @Param(defaultValue = "1048576") int maxFrameSize,
        @Param(defaultValue = "4194304") int maxPendingBytes,
        @Param(defaultValue = "drop") String slowClientPolicy,
        @Param(defaultValue = "4194304") int maxInboundBytes,
        @Param(defaultValue = "67108864") int maxInboundTotalBytes,
        @Param(defaultValue = "0") int idleTimeout,
        @Param(defaultValue = "0") int asyncFailOnClose) {

    public EvapiParams {
        check(workers >= 0, "workers", "expected 0 or more worker threads, found " + workers);
        check(netstringFormat == 0 || netstringFormat == 1, "netstring_format",
                "expected 0 (raw) or 1 (netstring), found " + netstringFormat);
        check(maxClients > 0, "max_clients", "expected at least 1, found " + maxClients);
        check(sendDataTimeout >= 0, "send_data_timeout", "expected 0 (off) or more microseconds, found "
                + sendDataTimeout);
        check(sendTaskTimeout >= 0, "send_task_timeout", "expected 0 or more microseconds, found " + sendTaskTimeout);
        check(contextMlimit >= 0, "context_mlimit", "expected 0 (no limit) or more events, found " + contextMlimit);
        check(maxFrameSize > 0, "max_frame_size", "expected a positive size in bytes, found " + maxFrameSize);
        check(maxPendingBytes > 0, "max_pending_bytes", "expected a positive size in bytes, found " + maxPendingBytes);
        check(maxInboundBytes > 0, "max_inbound_bytes", "expected a positive size in bytes, found " + maxInboundBytes);
        check(maxInboundTotalBytes > 0, "max_inbound_total_bytes", "expected a positive size in bytes, found "
                + maxInboundTotalBytes);
        check(asyncFailOnClose == 0 || asyncFailOnClose == 1, "async_fail_on_close",
                "expected 0 (wait for fr_timer) or 1 (fail at once), found " + asyncFailOnClose);
        check(idleTimeout >= 0, "idle_timeout", "expected 0 (off) or more seconds, found " + idleTimeout);
        check(slowClientPolicy != null && slowClientPolicy.matches("(?i)drop|close"), "slow_client_policy",
                "expected drop or close, found '" + slowClientPolicy + "'");
        try {
            BindAddress.parse(bindAddr);
        } catch (IllegalArgumentException e) {
            throw new InvalidParamException("bind_addr", e.getMessage());
        }
    }

    /** Whether the config set Kamailio's polling parameters, which have no effect here. */
    boolean pollingTuned() {
        EvapiParams defaults = ModParams.defaults(EvapiParams.class);
        return waitIdle != defaults.waitIdle || waitIncrease != defaults.waitIncrease;
    }

    EvapiServerConfig serverConfig() {
        return new EvapiServerConfig(bindAddr, maxClients, netstringFormat == 1, maxFrameSize, maxPendingBytes,
                SlowClientPolicy.valueOf(slowClientPolicy.toUpperCase(Locale.ROOT)), workers,
                (sendDataTimeout + 999L) / 1000, contextMlimit, maxInboundBytes, maxInboundTotalBytes,
                idleTimeout * 1000L);
    }
}
