package io.evapi.proxy.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

    @Test
    void paramDefaultMustMatchType() {
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("workers", ParamSpec.Type.INT, "1", false));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("bind_addr", ParamSpec.Type.STRING, 1L, false));
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("workers", ParamSpec.Type.INT, null, false));
        assertEquals(1L, ParamSpec.integer("workers", 1).defaultValue());
        assertTrue(new ParamSpec("tag", ParamSpec.Type.STRING, null, true).repeatable());
    }

    @Test
    void functionArityAndRoutesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> FunctionSpec.anyRoute("f", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> FunctionSpec.anyRoute("f", -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FunctionSpec("f", 0, 0, EnumSet.noneOf(RouteType.class)));
        FunctionSpec async = FunctionSpec.in("evapi_async_relay", 1, 1, RouteType.REQUEST);
        assertEquals(EnumSet.of(RouteType.REQUEST), async.allowedIn());
        assertEquals(EnumSet.allOf(RouteType.class), FunctionSpec.anyRoute("evapi_relay", 1, 1).allowedIn());
    }

    @Test
    void moduleAliasDefaultsToSoName() {
        ProxyModule module = new ProxyModule() {
            @Override
            public String name() {
                return "evapi";
            }

            @Override
            public int spiVersion() {
                return ProxySpi.VERSION;
            }

            @Override
            public List<FunctionSpec> functions() {
                return List.of();
            }

            @Override
            public ModuleInstance configure(ModuleContext context) {
                return name -> null;
            }
        };
        assertEquals(java.util.Set.of("evapi.so"), module.aliases());
    }

    @Test
    void contextKeysCastToTheirType() {
        ContextKey<String> key = ContextKey.of("k", String.class);
        assertEquals("v", key.cast("v"));
        assertThrows(ClassCastException.class, () -> key.cast(1L));
    }
}
