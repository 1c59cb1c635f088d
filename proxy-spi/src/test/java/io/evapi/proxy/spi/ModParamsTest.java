package io.evapi.proxy.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModParamsTest {

    /** A module's parameters as a module declares them: once, with defaults and checks. */
    record Sample(
            @Param(defaultValue = "1") int workers,
            @Param(defaultValue = "127.0.0.1:8448") String bindAddr,
            @Param(name = "fr_inv_timer", defaultValue = "120000") long inviteTimer,
            String eventCallback,
            List<String> tags) {

        Sample {
            InvalidParamException.check(workers >= 0, "workers", "expected 0 or more, found " + workers);
            if (bindAddr.isEmpty() && workers > 5) {
                throw new IllegalArgumentException("bind_addr is needed with more than 5 workers");
            }
        }
    }

    @Test
    void specsFollowTheRecord() {
        assertEquals(List.of(ParamSpec.integer("workers", 1), ParamSpec.string("bind_addr", "127.0.0.1:8448"),
                ParamSpec.integer("fr_inv_timer", 120_000), ParamSpec.string("event_callback", ""),
                new ParamSpec("tags", ParamSpec.Type.STRING, null, true)), ModParams.specs(Sample.class));
        assertEquals(List.of(), ModParams.specs(NoParameters.class));
    }

    @Test
    void missingValuesTakeTheirDefaults() throws ModuleConfigException {
        Sample s = ModParams.bind(Sample.class, Map.of());
        assertEquals(new Sample(1, "127.0.0.1:8448", 120_000L, "", List.of()), s);
    }

    @Test
    void valuesAreConverted() throws ModuleConfigException {
        Sample s = ModParams.bind(Sample.class, Map.of("workers", 4L, "bind_addr", "[::1]:9000",
                "fr_inv_timer", 5L, "event_callback", "x.Y", "tags", List.of("a", "b")));
        assertEquals(new Sample(4, "[::1]:9000", 5L, "x.Y", List.of("a", "b")), s);
    }

    @Test
    void aRefusedValueNamesItsParameter() {
        ModuleConfigException e = assertThrows(ModuleConfigException.class,
                () -> ModParams.bind(Sample.class, Map.of("workers", -2L)));
        assertEquals("workers", e.parameter());
        assertEquals("expected 0 or more, found -2", e.getMessage());

        ModuleConfigException whole = assertThrows(ModuleConfigException.class,
                () -> ModParams.bind(Sample.class, Map.of("workers", 6L, "bind_addr", "")));
        assertNull(whole.parameter());

        ModuleConfigException range = assertThrows(ModuleConfigException.class,
                () -> ModParams.bind(Sample.class, Map.of("workers", 1L << 40)));
        assertEquals("workers", range.parameter());
    }

    record NoDefault(int port) {
    }

    record Duplicate(@Param(name = "x") String a, @Param(name = "x") String b) {
    }

    record BadType(double ratio) {
    }

    @Test
    void badDeclarationsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> ModParams.specs(NoDefault.class));
        assertThrows(IllegalArgumentException.class, () -> ModParams.specs(Duplicate.class));
        assertThrows(IllegalArgumentException.class, () -> ModParams.specs(BadType.class));
    }

    @Test
    void snakeCase() {
        assertEquals("bind_addr", ModParams.snakeCase("bindAddr"));
        assertEquals("workers", ModParams.snakeCase("workers"));
    }
}
