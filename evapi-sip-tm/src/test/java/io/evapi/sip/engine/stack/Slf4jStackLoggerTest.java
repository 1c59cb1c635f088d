package io.evapi.sip.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class Slf4jStackLoggerTest {
    private final Logger stackLog = (Logger) LoggerFactory.getLogger("gov.nist.javax.sip");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Slf4jStackLogger logger = new Slf4jStackLogger();
    private Level configured;

    @BeforeEach
    void capture() {
        lines.start();
        stackLog.addAppender(lines);
        configured = stackLog.getLevel();
        stackLog.setLevel(Level.WARN);
    }

    @AfterEach
    void release() {
        stackLog.detachAppender(lines);
        stackLog.setLevel(configured);
    }

    private long linesStartingWith(String prefix) {
        return lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> e.getFormattedMessage().startsWith(prefix)).count();
    }

    @Test
    void whatPeersMakeTheStackWriteIsOneLinePerKindNotOnePerEvent() {
        for (int port = 40_000; port < 41_000; port++) {
            logger.logError("Malformed mandatory headers: closing socket! :Socket[addr=/127.0.0.1,port=" + port + "]");
            logger.logWarning("Could not connect to /127.0.0.1:" + port);
        }
        assertThat(linesStartingWith("Malformed mandatory headers")).isEqualTo(1);
        assertThat(linesStartingWith("Could not connect to")).isEqualTo(1);
        assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().startsWith("Malformed"))
                .extracting(ILoggingEvent::getLevel).containsOnly(Level.ERROR);
    }

    @Test
    void aPacketInTheTextIsCutShortAndStaysOnOneLine() {
        String packet = "Error while processing incoming UDP packet" + "[34, 13, 10, 65]\r\n".repeat(1000);
        logger.logError(packet);
        ILoggingEvent line = lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("Error while"))
                .findFirst().orElseThrow();
        assertThat(line.getFormattedMessage()).hasSizeLessThan(600).doesNotContain("\r", "\n")
                .contains("(" + packet.length() + " characters)");
    }

    @Test
    void kindsAreTheFixedTextBeforeWhatVaries() {
        assertThat(Slf4jStackLogger.kindOf("Problem connecting /127.0.0.1 5999")).isEqualTo("Problem connecting");
        assertThat(Slf4jStackLogger.kindOf("{}")).isEqualTo("other");
        assertThat(Slf4jStackLogger.kindOf("x".repeat(100))).hasSize(48);
    }
}
