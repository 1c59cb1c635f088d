package io.evapi.proxy.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pseudo-variables are in module pv for Kamailio configs and in the core for OpenSIPS configs. */
class DialectTest {

    @Test
    void aKamailioConfigNeedsModulePvForTheVariables() {
        assertThatThrownBy(() -> Scripts.load("request_route { $var(x) = $rU; }\n"))
                .hasMessageContaining("it is in module pv: add loadmodule \"pv.so\"");
    }

    @Test
    void anOpenSipsConfigHasThemInTheCore() throws Exception {
        CompiledConfig config = Scripts.load("""
                timer_route[refresh, 30] { $var(n) = 1; }
                request_route { $avp(caller) = $fU; }
                """);
        assertThat(config.moduleNames()).contains("pv");
    }
}
