package io.evapi.proxy.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.CoreSettings;
import io.evapi.proxy.config.CoreSettings.Listen;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void kamailioSettingsAreReadAndIgnoredOnesWarnedOnce() throws Exception {
        CompiledConfig config = Scripts.load("""
                debug=3
                log_stderror=yes
                fork=no
                children=4
                disable_tcp=no
                mpath="/usr/lib/kamailio/modules/"
                listen=udp:127.0.0.1:5070
                listen=tcp:127.0.0.1:5071
                listen=127.0.0.2
                log_facility=LOG_LOCAL0
                log_facility=LOG_LOCAL1
                tcp_connection_lifetime=3605
                dns=no
                memdbg=5
                max_while_loops=500
                """);
        CoreSettings s = config.settings();
        assertThat(s.debug()).isEqualTo(3);
        assertThat(s.logStderror()).isTrue();
        assertThat(s.fork()).isFalse();
        assertThat(s.children()).isEqualTo(4);
        assertThat(s.mpath()).isEqualTo("/usr/lib/kamailio/modules/");
        assertThat(s.maxWhileLoops()).isEqualTo(500);
        assertThat(s.listen()).containsExactly(new Listen("udp", "127.0.0.1", 5070), new Listen("tcp", "127.0.0.1", 5071),
                new Listen("udp", "127.0.0.2", 5060), new Listen("tcp", "127.0.0.2", 5060));
        assertThat(s.ignored()).containsExactly("log_facility", "tcp_connection_lifetime", "dns", "memdbg");
        assertThat(config.warnings()).hasSize(4);
        assertThat(config.warnings().get(0).toString()).isEqualTo("test.cfg:10:1: setting 'log_facility' is accepted"
                + " for compatibility with Kamailio and has no effect in this proxy");
    }

    @Test
    void badValuesAreErrors() {
        assertThatThrownBy(() -> Scripts.load("debug=9\nfork=maybe\nlisten=sctp:1.2.3.4:5060\nchildren=x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("""
                        test.cfg:1:1: debug: expected an integer from -5 to 3, found '9'
                        test.cfg:2:1: fork: expected yes or no, found 'maybe'
                        test.cfg:3:1: listen: transport 'sctp' is not supported: expected udp or tcp
                        test.cfg:4:1: children: expected an integer from 1 to 1024, found 'x'""");
    }

    @Test
    void defaultsWhenNothingIsSet() throws Exception {
        CoreSettings s = Scripts.load("request_route { exit; }").settings();
        assertThat(s).isEqualTo(CoreSettings.defaults());
        assertThat(s.listen()).isEmpty();
        assertThat(s.debug()).isEqualTo(2);
        assertThat(s.maxWhileLoops()).isEqualTo(100);
    }
}
