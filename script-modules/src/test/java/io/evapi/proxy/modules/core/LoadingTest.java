package io.evapi.proxy.modules.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import org.junit.jupiter.api.Test;

/** The modules of this jar as a config loads them from the class path. */
class LoadingTest {

    @Test
    void compatModulesLoadAndExportNothing() throws Exception {
        CompiledConfig config = ConfigLoader.load("""
                loadmodule "pv.so"
                loadmodule "corex.so"
                loadmodule "xlog.so"
                loadmodule "jansson.so"
                loadmodule "json.so"
                request_route { exit; }
                """, "test.cfg", null);
        assertThat(config.moduleNames()).containsExactly("pv", "corex", "xlog", "jansson", "json");
    }

    @Test
    void bindErrorsNameTheFunctionOnce() {
        assertThatThrownBy(() -> ConfigLoader.load("loadmodule \"xlog\"\nrequest_route {\n  xlog(\"L_LOUD\", \"x\");\n}\n",
                "test.cfg", null))
                .hasMessageStartingWith("test.cfg:3:3: xlog: unknown level \"L_LOUD\": expected one of ");
    }

    @Test
    void aFunctionOfAModuleNotLoadedNamesItsModule() {
        assertThatThrownBy(() -> ConfigLoader.load("request_route { xinfo(\"x\"); }\n", "test.cfg", null))
                .hasMessageContaining("unknown function xinfo()").hasMessageContaining("it is in module xlog");
    }
}
