package io.evapi.proxy.modules.evi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.PublishedEvent;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.evapi.proxy.spi.event.SubscribeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The registry's rules with a clock the test turns: ids, names, newest first, refresh, the exact expiry. */
class EventRegistryTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> sent = new ArrayList<>();
    private final List<String> released = new ArrayList<>();
    private final EventRegistry registry = new EventRegistry(now::get, 3);

    {
        registry.registerTransport(new EventTransport<String>() {
            @Override
            public String proto() {
                return "rec";
            }

            @Override
            public String parse(String address) throws io.evapi.proxy.spi.event.InvalidSocketException {
                if (address.isEmpty()) {
                    throw new io.evapi.proxy.spi.event.InvalidSocketException("empty");
                }
                return address;
            }

            @Override
            public boolean matches(String existing, String candidate) {
                return existing.equals(candidate);
            }

            @Override
            public String print(String socket) {
                return socket;
            }

            @Override
            public int raise(RaisedEvent event, String socket) {
                sent.add(socket + " " + event.jsonRpcBytes().length + " " + new String(event.jsonRpcBytes()));
                return socket.startsWith("bad") ? -1 : 0;
            }

            @Override
            public void release(String socket) {
                released.add(socket);
            }
        });
    }

    private List<String> raise(PublishedEvent e) {
        sent.clear();
        registry.raise(e, List.of(EventParam.of("n", 1)));
        return sent.stream().map(s -> s.substring(0, s.indexOf(' '))).toList();
    }

    @Test
    void idsFollowRegistrationAfterTheFixedCoreIds() {
        assertThat(registry.find("E_CORE_THRESHOLD").orElseThrow().id()).isEqualTo(1);
        assertThat(registry.find("E_CORE_TCP_DISCONNECT").orElseThrow().id()).isEqualTo(5);
        PublishedEvent a = registry.publish("E_A");
        assertThat(a.id()).isEqualTo(6);
        assertThat(registry.publish("E_A")).isEqualTo(a);
        assertThat(registry.publish("E_B").id()).isEqualTo(7);
        assertThat(registry.publish("E".repeat(64)).name()).hasSize(64);
        assertThatThrownBy(() -> registry.publish("E".repeat(65))).hasMessageContaining("1 to 64 characters");
    }

    @Test
    void newestFirstRefreshAndTheBound() throws Exception {
        PublishedEvent e = registry.publish("E_A");
        registry.subscribe("E_A", "rec:one", 10, true);
        registry.subscribe("E_A", "rec:two", 10, true);
        assertThat(raise(e)).containsExactly("two", "one");
        registry.subscribe("E_A", "rec:one", 20, true); // refresh, not a third subscriber
        assertThat(raise(e)).containsExactly("two", "one");
        assertThat(released).containsExactly("one"); // the refreshing socket is let go
        registry.subscribe("E_A", "rec:three", 0, false);
        assertThatThrownBy(() -> registry.subscribe("E_A", "rec:four", 10, true))
                .isInstanceOf(SubscribeException.class).hasMessageContaining("3 subscribers");
        assertThatThrownBy(() -> registry.subscribe("E_A", "nope:x", 10, true)).hasMessageContaining("no transport");
        assertThatThrownBy(() -> registry.subscribe("E_A", "rec:", 10, true)).hasMessageContaining("empty");
        assertThatThrownBy(() -> registry.subscribe("E_X", "rec:x", 10, true)).hasMessageContaining("not published");
    }

    @Test
    void expiryIsSubscribedPlusExpireBeforeNowInWholeSeconds() throws Exception {
        PublishedEvent e = registry.publish("E_A");
        registry.subscribe("E_A", "rec:n", 5, true);
        registry.subscribe("E_A", "rec:zero", 0, true);       // MI unsubscribe: this second only
        registry.subscribe("E_A", "rec:forever", 0, false);   // script without expire: never
        EventRegistry.Entry entry = registry.entry(e);
        assertThat(CoreMiCommands.subscriber(entry.subscribers[1], now.get()).toString())
                .isEqualTo("{socket=rec:zero, expire=0, ttl=expired}");
        assertThat(raise(e)).containsExactly("forever", "zero", "n");
        now.addAndGet(1);
        assertThat(raise(e)).containsExactly("forever", "n");
        assertThat(released).containsExactly("zero");
        now.set(1_005); // subscribed + 5 == now: still there
        assertThat(CoreMiCommands.subscriber(registry.purge(entry, now.get())[1], now.get()).toString())
                .isEqualTo("{socket=rec:n, expire=5, ttl=expired}");
        assertThat(raise(e)).containsExactly("forever", "n");
        now.set(1_006);
        assertThat(raise(e)).containsExactly("forever");
        assertThat(CoreMiCommands.subscriber(registry.purge(entry, now.get())[0], now.get()).toString())
                .isEqualTo("{socket=rec:forever, expire=never}");
        // an MI re-subscribe of the permanent one makes it expire; a script refresh without expire keeps it
        registry.subscribe("E_A", "rec:forever", 30, true);
        assertThat(CoreMiCommands.subscriber(registry.purge(entry, now.get())[0], now.get()).toString())
                .isEqualTo("{socket=rec:forever, expire=30, ttl=30}");
        registry.subscribe("E_A", "rec:forever", 0, false);
        now.addAndGet(10);
        assertThat(CoreMiCommands.subscriber(registry.purge(entry, now.get())[0], now.get()).toString())
                .isEqualTo("{socket=rec:forever, expire=30, ttl=20}");
    }

    @Test
    void aRefusingTransportDoesNotStopTheOthers() throws Exception {
        PublishedEvent e = registry.publish("E_A");
        registry.subscribe("E_A", "rec:ok", 0, false);
        registry.subscribe("E_A", "rec:bad", 0, false);
        sent.clear();
        assertThat(registry.raise(e, List.of())).isNegative();
        assertThat(sent).containsExactly("bad 32 {\"jsonrpc\":\"2.0\",\"method\":\"E_A\"}", "ok 32 {\"jsonrpc\":\"2.0\",\"method\":\"E_A\"}");
    }

    @Test
    void aStandaloneSocketRaisesThroughItsTransportWithTheDefaultStatus() throws Exception {
        io.evapi.proxy.spi.event.EventSocket good = registry.socket("rec:good");
        io.evapi.proxy.spi.event.EventSocket bad = registry.socket("rec:bad");
        assertThat(good.printed()).isEqualTo("rec:good");
        assertThat(good.proto()).isEqualTo("rec");
        assertThat(good.sameAs(registry.socket("rec:good"))).isTrue();
        assertThat(good.sameAs(bad)).isFalse();
        PublishedEvent e = registry.publish("E_STANDALONE");
        List<String> statuses = new ArrayList<>();
        RaisedEvent raised = new RaisedEvent(e, List.of());
        // a transport that does not override the three-argument raise reports its queue's answer at once
        assertThat(good.raise(raised, (ok, why) -> statuses.add(ok + " " + why))).isZero();
        assertThat(bad.raise(raised, (ok, why) -> statuses.add(ok + " " + why))).isEqualTo(-1);
        assertThat(statuses).containsExactly("true null", "false refused by the rec transport");
        good.release();
        good.release();
        assertThat(released).containsExactly("good");
        assertThat(good.raise(raised, (ok, why) -> statuses.add(ok + " " + why))).isEqualTo(-1);
        assertThat(statuses.get(2)).startsWith("false socket rec:good released");
        assertThatThrownBy(() -> registry.socket("nope:x")).isInstanceOf(io.evapi.proxy.spi.event.InvalidSocketException.class)
                .hasMessageContaining("no transport for protocol 'nope'");
        assertThatThrownBy(() -> registry.socket("rec:")).hasMessageContaining("empty");
    }
}
