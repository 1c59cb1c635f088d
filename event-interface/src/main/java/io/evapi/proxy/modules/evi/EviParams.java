package io.evapi.proxy.modules.evi;

import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.Param;

/**
 * The {@code modparam("event_interface", ...)} values; none of them exists in OpenSIPS, where these bounds are
 * not configurable (or absent).
 *
 * @param maxSubscribers subscribers one event may have; one more is refused with a clear error
 * @param routeWorkers   threads running {@code event_route[E_*]} (1 keeps raise order)
 * @param routeQueueSize events waiting for those threads; over it an event is not run for the route (counted)
 */
public record EviParams(
        @Param(defaultValue = "256") int maxSubscribers,
        @Param(defaultValue = "1") int routeWorkers,
        @Param(defaultValue = "10000") int routeQueueSize) {

    public EviParams {
        InvalidParamException.check(maxSubscribers >= 1 && maxSubscribers <= 100_000, "max_subscribers",
                "expected 1 to 100000, found " + maxSubscribers);
        InvalidParamException.check(routeWorkers >= 1 && routeWorkers <= 64, "route_workers",
                "expected 1 to 64, found " + routeWorkers);
        InvalidParamException.check(routeQueueSize >= 1 && routeQueueSize <= 10_000_000, "route_queue_size",
                "expected 1 to 10000000, found " + routeQueueSize);
    }
}
