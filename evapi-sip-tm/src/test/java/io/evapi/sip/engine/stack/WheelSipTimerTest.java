package io.evapi.sip.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WheelSipTimerTest {

    private final WheelSipTimer timer = new WheelSipTimer();

    @AfterEach
    void stop() {
        timer.stop();
    }

    private static final class Counting extends SIPStackTimerTask {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger cleanUps = new AtomicInteger();

        @Override
        public void runTask() {
            runs.incrementAndGet();
        }

        @Override
        public void cleanUpBeforeCancel() {
            cleanUps.incrementAndGet();
        }

        @Override
        public Object getThreadHash() {
            return null;
        }
    }

    @Test
    void aOneShotTaskRunsOnceAfterItsDelay() throws Exception {
        timer.start(null, null);
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        timer.schedule(new SIPStackTimerTask() {
            @Override
            public void runTask() {
                ran.countDown();
            }

            @Override
            public Object getThreadHash() {
                return null;
            }
        }, 100);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);
    }

    @Test
    void aPeriodicTaskRunsUntilCancelledAndIsCleanedUpOnce() throws Exception {
        timer.start(null, null);
        Counting task = new Counting();
        timer.scheduleWithFixedDelay(task, 10, 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> task.runs.get() >= 5);
        assertThat(timer.cancel(task)).isTrue();
        int runs = task.runs.get();
        Thread.sleep(200);
        assertThat(task.runs.get()).isBetween(runs, runs + 1); // one run may have been under way
        assertThat(task.cleanUps.get()).isEqualTo(1);
        assertThat(timer.cancel(task)).isFalse();
    }

    @Test
    void aTaskCancelledBeforeItsTimeNeverRuns() throws Exception {
        timer.start(null, null);
        Counting task = new Counting();
        timer.schedule(task, 200);
        assertThat(timer.cancel(task)).isTrue();
        Thread.sleep(400);
        assertThat(task.runs.get()).isZero();
    }

    @Test
    void aFailingTaskDoesNotStopTheTimer() throws Exception {
        timer.start(null, null);
        timer.schedule(new SIPStackTimerTask() {
            @Override
            public void runTask() {
                throw new IllegalStateException("expected by the test");
            }

            @Override
            public Object getThreadHash() {
                return null;
            }
        }, 0);
        Counting after = new Counting();
        timer.schedule(after, 50);
        await().atMost(Duration.ofSeconds(5)).until(() -> after.runs.get() == 1);
    }

    @Test
    void aStoppedTimerRefusesNewTasks() {
        timer.start(null, null);
        timer.stop();
        assertThat(timer.isStarted()).isFalse();
        assertThatThrownBy(() -> timer.schedule(new Counting(), 10)).isInstanceOf(IllegalStateException.class);
    }
}
