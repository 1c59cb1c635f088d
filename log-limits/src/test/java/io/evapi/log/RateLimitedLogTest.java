package io.evapi.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.rate-limited");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), clock::get);

    RateLimitedLogTest() {
        lines.start();
        logger.addAppender(lines);
        logger.setAdditive(false);
        logger.setLevel(Level.WARN);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(lines);
    }

    @Test
    void theFirstIsLoggedThenOneLinePerIntervalWithTheRunningCount() {
        for (int i = 0; i < 1000; i++) {
            log.warn("bad", "client {} sent garbage", "c" + i);
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("client c0 sent garbage [1 so far, 0 not logged since the previous line;"
                        + " at most one line per 10 s]");

        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        log.warn("bad", "client {} sent garbage", "late");
        assertThat(lines.list).hasSize(1);

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        log.warn("bad", "client {} sent garbage", "next");
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("client next sent garbage [1002 so far, 1000 not logged since the previous line;"
                        + " at most one line per 10 s]");
        assertThat(lines.list.get(1).getLevel()).isEqualTo(Level.WARN);
        assertThat(log.count("bad")).isEqualTo(1002);
    }

    @Test
    void eachKindHasItsOwnWindow() {
        log.warn("refused", "refused {}", 1);
        log.warn("refused", "refused {}", 2);
        log.warn("bad-frame", "bad {}", 1);
        log.warn("bad-frame", "bad {}", 2);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .allMatch(m -> m.endsWith("[1 so far, 0 not logged since the previous line; at most one line per 10 s]"))
                .map(m -> m.substring(0, m.indexOf(" [")))
                .containsExactly("refused 1", "bad 1");
        assertThat(log.count("refused")).isEqualTo(2);
        assertThat(log.count("other")).isZero();
    }

    @Test
    void aThrowableLastArgumentIsStillAnArgumentNotAStackTrace() {
        log.warn("x", "failed: {}", new IllegalStateException("why"));
        assertThat(lines.list.get(0).getFormattedMessage()).startsWith("failed: java.lang.IllegalStateException: why [");
    }

    @Test
    void anotherLevelIsWrittenAtThatLevel() {
        log.log(org.slf4j.event.Level.ERROR, "e", "broken {}", 1);
        log.log(org.slf4j.event.Level.ERROR, "e", "broken {}", 2);
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(log.count("e")).isEqualTo(2);
    }
}
