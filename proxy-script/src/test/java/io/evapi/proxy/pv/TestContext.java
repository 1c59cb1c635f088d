package io.evapi.proxy.pv;

import io.evapi.proxy.spi.sip.SipMessage;
import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptContext;
import java.util.IdentityHashMap;
import java.util.Map;

/** A route run's context for tests: request route, data in a map. */
public final class TestContext implements ScriptContext {
    private final Map<ContextKey<?>, Object> data = new IdentityHashMap<>();

    public static TestContext with(SipMessage message) {
        TestContext context = new TestContext();
        context.put(SipMessage.KEY, message);
        return context;
    }

    @Override
    public RouteType routeType() {
        return RouteType.REQUEST;
    }

    @Override
    public String routeName() {
        return "";
    }

    @Override
    public <T> T get(ContextKey<T> key) {
        return key.cast(data.get(key));
    }

    @Override
    public <T> void put(ContextKey<T> key, T value) {
        data.put(key, value);
    }
}
