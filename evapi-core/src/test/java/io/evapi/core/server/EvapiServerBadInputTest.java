package io.evapi.core.server;

import static io.evapi.core.server.ServerFixture.WAIT;
import static io.evapi.core.server.ServerFixture.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.server.ServerFixture.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvapiServerBadInputTest {
    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:bad,", "99999999999:", "2000000:", "3:abcd,", "3abc,"})
    void aBadFrameClosesOnlyThatClientAfterItsEarlierFrames(String bad) throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback(), recorder);
        Received good = fixture.client(server);
        RawClient faulty = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 2);
        long faultyId = recorder.opened.stream().filter(c -> c.remotePort() == faulty.localPort())
                .findFirst().orElseThrow().id();

        faulty.send("3:abc,5:hello," + bad + "5:after,");
        await().atMost(WAIT).until(faulty::closedByServer);
        await().atMost(WAIT).until(() -> recorder.eventsOf(faultyId).contains("closed"));
        assertThat(recorder.eventsOf(faultyId)).containsExactly("new", "abc", "hello", "closed");
        assertThat(server.metrics().badFrames()).isEqualTo(1);

        assertThat(server.relay("still-served")).isEqualTo(1);
        await().atMost(WAIT).until(() -> good.events.contains("still-served"));
        good.client.send("ok").join();
        await().atMost(WAIT).until(() -> recorder.closed.size() == 1 && recorder.byConnection.values().stream()
                .anyMatch(events -> events.contains("ok")));
    }

    @Test
    void anOverlongRawLineClosesOnlyThatClientAfterItsEarlierLines() throws Exception {
        Recorder recorder = new Recorder();
        EvapiServer server = fixture.server(loopback().withNetstringFormat(false).withMaxFrameSize(16), recorder);
        RawClient good = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 1);
        RawClient faulty = fixture.track(RawClient.reading(server.localAddress()));
        await().atMost(WAIT).until(() -> recorder.opened.size() == 2);
        long faultyId = recorder.opened.get(1).id();

        faulty.send("short\n" + "y".repeat(40) + "\nafter\n");
        await().atMost(WAIT).until(faulty::closedByServer);
        await().atMost(WAIT).until(() -> recorder.eventsOf(faultyId).contains("closed"));
        assertThat(recorder.eventsOf(faultyId)).containsExactly("new", "short", "closed");
        assertThat(server.metrics().badFrames()).isEqualTo(1);

        good.send("fine\r\n");
        assertThat(server.relay("still")).isEqualTo(1);
        await().atMost(WAIT).until(() -> good.received().equals("still"));
        long goodId = recorder.opened.get(0).id();
        await().atMost(WAIT).until(() -> recorder.eventsOf(goodId).contains("fine"));
    }
}
