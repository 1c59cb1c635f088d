package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's transaction timers on a hashed wheel (Netty's {@link HashedWheelTimer}, 10 ms ticks) instead of its
 * {@code java.util.Timer}: scheduling, cancelling and each run of a periodic task cost O(1) instead of a re-sort of
 * one heap holding every timer of every live transaction (each INVITE transaction ticks every 500 ms). Tasks run on
 * the wheel's single thread, as on JAIN-SIP's.
 */
public final class WheelSipTimer implements SipTimer {

    private static final Logger LOG = LoggerFactory.getLogger(WheelSipTimer.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    static final long TICK_MILLIS = 10;

    private final HashedWheelTimer wheel;
    private volatile boolean started;

    public WheelSipTimer() {
        int id = IDS.incrementAndGet();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "sip-timer-" + id);
            t.setDaemon(true);
            return t;
        };
        this.wheel = new HashedWheelTimer(threads, TICK_MILLIS, TimeUnit.MILLISECONDS, 1024, false);
    }

    @Override
    public void start(SipStackImpl sipStack, Properties configurationProperties) {
        wheel.start();
        started = true;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void stop() {
        started = false;
        wheel.stop();
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        checkStarted();
        Scheduled scheduled = new Scheduled(task, 0);
        task.setSipTimerTask(scheduled);
        scheduled.arm(delay);
        return true;
    }

    @Override
    public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delay, long period) {
        checkStarted();
        Scheduled scheduled = new Scheduled(task, period);
        task.setSipTimerTask(scheduled);
        scheduled.arm(delay);
        return true;
    }

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        if (task.getSipTimerTask() instanceof Scheduled scheduled) {
            task.cleanUpBeforeCancel();
            task.setSipTimerTask(null);
            return scheduled.cancel();
        }
        return false;
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("The SIP stack timer has been stopped, no new tasks can be scheduled");
        }
    }

    /** One scheduled task; a periodic one arms itself again after each run, until cancelled. */
    private final class Scheduled implements TimerTask {
        private final SIPStackTimerTask task;
        private final long period;
        private volatile Timeout timeout;
        private volatile boolean cancelled;

        Scheduled(SIPStackTimerTask task, long period) {
            this.task = task;
            this.period = period;
        }

        void arm(long delay) {
            try {
                timeout = wheel.newTimeout(this, Math.max(0, delay), TimeUnit.MILLISECONDS);
            } catch (IllegalStateException e) {
                cancelled = true; // the wheel stopped: the stack is stopping
            }
        }

        boolean cancel() {
            cancelled = true;
            Timeout t = timeout;
            return t != null && t.cancel();
        }

        @Override
        public void run(Timeout fired) {
            if (cancelled) {
                return;
            }
            try {
                task.runTask();
            } catch (Throwable e) {
                LOG.error("a SIP stack timer task failed", e);
            }
            if (period > 0 && !cancelled && started) {
                arm(period);
            }
        }
    }
}
