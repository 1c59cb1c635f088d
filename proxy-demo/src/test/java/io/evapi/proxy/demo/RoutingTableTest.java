package io.evapi.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.demo.RoutingTable.Forward;
import io.evapi.proxy.demo.RoutingTable.Reject;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    @Test
    void bundledTableForwardsRejectsAndAnswers404ForUnknownUsers() {
        RoutingTable table = DemoResources.routing(DemoPorts.DEFAULTS);
        assertThat(table.lookup("alice")).isEqualTo(new Forward("sip:127.0.0.1:5090"));
        assertThat(table.lookup("carol")).isEqualTo(new Reject(486, "Busy Here"));
        assertThat(table.lookup("zed")).isEqualTo(new Reject(404, "Not Found"));
        assertThat(table.users()).containsExactly("alice", "bob", "carol", "dave");
    }

    @Test
    void portsMoveTheDestinations() {
        RoutingTable table = DemoResources.routing(new DemoPorts(6000, 6001, 6002));
        assertThat(table.lookup("bob")).isEqualTo(new Forward("sip:127.0.0.1:6002"));
    }

    @Test
    void badTablesAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> RoutingTable.parse("[1]", "t.json")).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> RoutingTable.parse("{", "t.json")).hasMessageContaining("t.json: not valid JSON");
        assertThatThrownBy(() -> RoutingTable.parse("{\"x\": {\"reject\": 200}}", "t.json"))
                .hasMessageContaining("user 'x'").hasMessageContaining("300-699");
        assertThatThrownBy(() -> RoutingTable.parse("{\"x\": 5}", "t.json"))
                .hasMessageContaining("user 'x'").hasMessageContaining("expected a sip: URI");
    }

    @Test
    void demoPortsMustDiffer() {
        assertThatThrownBy(() -> new DemoPorts(5060, 5060, 5090)).hasMessageContaining("must differ");
    }
}
