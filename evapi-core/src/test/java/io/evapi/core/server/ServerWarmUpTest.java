package io.evapi.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerWarmUpTest {

    @Test
    void relaysEveryEventToItsPrivateClientInNetstrings() {
        assertThat(ServerWarmUp.run(EvapiServerConfig.defaults(), 10_000, 2_000)).isEqualTo(2_000);
    }

    @Test
    void relaysEveryEventInTheLineFormatToo() {
        assertThat(ServerWarmUp.run(EvapiServerConfig.defaults().withNetstringFormat(false), 10_000, 2_000))
                .isEqualTo(2_000);
    }

    @Test
    void zeroMillisRelaysNothing() {
        assertThat(ServerWarmUp.run(EvapiServerConfig.defaults(), 0, 2_000)).isZero();
    }

    @Test
    void leavesTheConfiguredAddressAlone() throws Exception {
        // the private server binds a port of its own: a real one on the configured port starts after it
        EvapiServerConfig config = EvapiServerConfig.defaults().withBindAddr("127.0.0.1:0");
        ServerWarmUp.run(config, 10_000, 100);
        try (EvapiServer server = EvapiServer.start(config)) {
            assertThat(server.connections()).isEmpty();
        }
    }
}
