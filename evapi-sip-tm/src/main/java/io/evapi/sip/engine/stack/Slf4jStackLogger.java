package io.evapi.sip.engine.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JAIN-SIP's stack log bridged to SLF4J (logger {@code gov.nist.javax.sip}); spares us log4j 1.x. */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");

    private static final int TRACE = 1;
    private static final int DEBUG = 2;
    private static final int INFO = 4;
    private static final int WARN = 8;
    private static final int ERROR = 16;
    /**
     * The levels the backend had when last asked (bits above), read again every second by one daemon thread per
     * JVM: the stack asks hundreds of times per message, and asking logback each time (turbo filters, level
     * lookup) cost a tenth of the CPU of a proxied call. Counting calls instead made every thread write one field.
     */
    private static volatile int levels = currentLevels();

    static {
        Thread refresher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                levels = currentLevels();
            }
        }, "jain-sip-log-levels");
        refresher.setDaemon(true);
        refresher.start();
    }

    private volatile boolean enabled = true;

    private static int currentLevels() {
        return (LOG.isTraceEnabled() ? TRACE : 0) | (LOG.isDebugEnabled() ? DEBUG : 0)
                | (LOG.isInfoEnabled() ? INFO : 0) | (LOG.isWarnEnabled() ? WARN : 0)
                | (LOG.isErrorEnabled() ? ERROR : 0);
    }

    private static int levels() {
        return levels;
    }

    /**
     * The stack guards its per-message debug text with this no-argument check: answering true while debug is
     * off would make it build that text for every message for nothing.
     */
    @Override
    public boolean isLoggingEnabled() {
        return enabled && (levels() & DEBUG) != 0;
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (!enabled) {
            return false;
        }
        int bit = switch (level) {
            case TRACE_TRACE -> TRACE;
            case TRACE_DEBUG -> DEBUG;
            case TRACE_INFO -> INFO;
            case TRACE_WARN -> WARN;
            case TRACE_NONE -> 0;
            default -> ERROR;
        };
        return (levels() & bit) != 0;
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int traceLevel) {
        if (isLoggingEnabled(traceLevel)) {
            LOG.debug("stack trace requested by JAIN-SIP", new Throwable("stack trace"));
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("JAIN-SIP exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.info(message);
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
        levels = currentLevels();
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // levels come from the SLF4J backend, not from stack properties
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
