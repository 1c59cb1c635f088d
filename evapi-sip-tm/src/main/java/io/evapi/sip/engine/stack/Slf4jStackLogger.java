package io.evapi.sip.engine.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JAIN-SIP's stack log bridged to SLF4J (logger {@code gov.nist.javax.sip}); spares us log4j 1.x. */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");

    private volatile boolean enabled = true;

    /**
     * The stack guards its per-message debug text with this no-argument check: answering true while debug is
     * off would make it build that text for every message for nothing.
     */
    @Override
    public boolean isLoggingEnabled() {
        return enabled && LOG.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (!enabled) {
            return false;
        }
        return switch (level) {
            case TRACE_TRACE -> LOG.isTraceEnabled();
            case TRACE_DEBUG -> LOG.isDebugEnabled();
            case TRACE_INFO -> LOG.isInfoEnabled();
            case TRACE_WARN -> LOG.isWarnEnabled();
            case TRACE_NONE -> false;
            default -> LOG.isErrorEnabled();
        };
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
