package io.evapi.proxy.modules.evapi;

import static io.evapi.proxy.modules.evapi.EvapiHarness.WAIT;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.evapi.proxy.modules.evapi.EvapiHarness.Client;
import io.evapi.proxy.modules.xlog.XlogModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The three xlog event-route examples of Kamailio's evapi admin guide, unchanged, log what they say. */
class AdminGuideEventRoutesTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger xlog = (Logger) LoggerFactory.getLogger(XlogModule.LOGGER);

    @BeforeEach
    void capture() {
        logged.start();
        xlog.addAppender(logged);
    }

    @AfterEach
    void release() {
        xlog.detachAppender(logged);
    }

    private boolean loggedLine(String text) {
        return logged.list.stream().anyMatch(e -> e.getFormattedMessage().equals(text));
    }

    @Test
    void connectionMessageAndCloseAreLogged() throws Exception {
        try (EvapiHarness h = new EvapiHarness("""
                loadmodule "xlog.so"
                loadmodule "evapi.so"
                modparam("evapi", "bind_addr", "127.0.0.1:@PORT@")

                event_route[evapi:connection-new] {
                    xlog("new connection from $evapi(srcaddr):$evapi(srcport)\\n");
                }
                event_route[evapi:connection-closed] {
                    xlog("connection closed by $evapi(srcaddr):$evapi(srcport)\\n");
                }
                event_route[evapi:message-received] {
                    xlog("received [$evapi(msg)] from $evapi(srcaddr):$evapi(srcport)\\n");
                }
                """)) {
            Client c = h.client();
            await().atMost(WAIT).until(() -> logged.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().matches("new connection from 127\\.0\\.0\\.1:[0-9]+")));
            String from = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("new connection from ")).findFirst().orElseThrow()
                    .substring("new connection from ".length());
            c.send("hello");
            c.client.close();
            await().atMost(WAIT).until(() -> loggedLine("received [hello] from " + from)
                    && loggedLine("connection closed by " + from));
        }
    }
}
