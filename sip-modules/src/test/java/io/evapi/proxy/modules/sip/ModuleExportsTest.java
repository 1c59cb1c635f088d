package io.evapi.proxy.modules.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModParams;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ParamSpec;
import io.evapi.proxy.spi.ProxyModule;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What the SIP modules export, by the names Kamailio's configs use, and tm's parameters and defaults. */
class ModuleExportsTest {

    private static List<ProxyModule> modules() {
        return ServiceLoader.load(ProxyModule.class).stream().map(ServiceLoader.Provider::get)
                .filter(m -> m.getClass().getPackageName().equals(TmModule.class.getPackageName())).toList();
    }

    @Test
    void everyModuleIsRegisteredWithItsFunctions() {
        assertThat(modules()).extracting(ProxyModule::name)
                .containsExactlyInAnyOrder("sl", "tm", "tmx", "rr", "maxfwd", "siputils", "textops", "core", "kex",
                        "sanity");
        assertThat(modules().stream().flatMap(m -> m.functions().stream()).map(FunctionSpec::name)).contains(
                "sl_send_reply", "sl_reply_error", "t_relay", "t_reply", "t_newtran", "t_check_trans", "t_on_failure",
                "t_on_reply", "t_check_status", "t_set_fr", "t_suspend", "t_continue", "record_route", "loose_route",
                "mf_process_maxfwd_header", "has_totag", "is_method", "is_present_hf", "append_hf", "remove_hf",
                "forward", "setflag", "resetflag", "isflagset", "setbflag", "resetbflag", "isbflagset", "is_myself",
                "t_on_branch", "t_is_canceled", "t_is_set", "t_precheck_trans", "sanity_check", "sanity_reply");
    }

    @Test
    void tmParametersAndDefaultsAreKamailios() {
        assertThat(ModParams.specs(TmModule.Params.class)).containsExactly(ParamSpec.integer("fr_timer", 30_000),
                ParamSpec.integer("fr_inv_timer", 120_000), ParamSpec.integer("max_transactions", 65_536));
        assertThat(ModParams.defaults(TmModule.Params.class)).isEqualTo(new TmModule.Params(30_000, 120_000, 65_536));
    }

    @Test
    void tmRefusesTimersThatCannotWork() {
        assertThatThrownBy(() -> ModParams.bind(TmModule.Params.class, Map.of("fr_timer", 0L)))
                .isInstanceOfSatisfying(ModuleConfigException.class, e -> assertThat(e.parameter()).isEqualTo("fr_timer"));
    }
}
