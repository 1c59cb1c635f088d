package io.evapi.sip.engine.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Waits for the JIT compiler to finish what a warm-up queued. The last calls of a warm-up leave methods in the
 * compiler's queue; compiled under load instead, they would take a core from the first real requests.
 */
final class JitQuiet {
    private static final long STEP_MS = 100;

    private JitQuiet() {
    }

    /** Milliseconds the JIT compiler has spent since the JVM started; -1 when the JVM does not report it. */
    static long compiledMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? -1 : jit.getTotalCompilationTime();
    }

    /**
     * Returns once the JVM's total compilation time has not grown for two steps in a row, or after
     * {@code maxMillis}.
     *
     * @return milliseconds of compilation during the wait; -1 when the JVM does not report it
     */
    static long await(long maxMillis) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return -1;
        }
        long first = jit.getTotalCompilationTime();
        long last = first;
        int still = 0;
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (still < 2 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(STEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = jit.getTotalCompilationTime();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return last - first;
    }
}
