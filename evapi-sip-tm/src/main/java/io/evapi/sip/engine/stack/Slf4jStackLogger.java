package io.evapi.sip.engine.stack;

import gov.nist.core.StackLogger;
import io.evapi.log.RateLimitedLog;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** JAIN-SIP's stack log bridged to SLF4J (logger {@code gov.nist.javax.sip}); spares us log4j 1.x. */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");
    /**
     * The stack logs at WARN and ERROR what peers cause (an unparsable message, a connection that cannot be
     * opened again to answer), once per event and with the bytes in the text: anyone could fill the disk with
     * garbage. Those levels go through here, at most one line per kind every 10 s, each line cut short.
     */
    private static final RateLimitedLog LIMITED = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final int MAX_KINDS = 200;
    private static final int MAX_LINE = 400;
    private static final Set<String> KINDS = ConcurrentHashMap.newKeySet();

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
        limited(Level.WARN, "JAIN-SIP exception: " + ex, null);
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
        limited(Level.ERROR, message, null);
    }

    @Override
    public void logError(String message) {
        limited(Level.ERROR, message, null);
    }

    @Override
    public void logError(String message, Exception ex) {
        limited(Level.ERROR, message, ex);
    }

    @Override
    public void logWarning(String message) {
        limited(Level.WARN, message, null);
    }

    /**
     * The kind of a line is its text up to the first digit, address or punctuation that varies per event
     * ("Malformed mandatory headers", "Problem connecting "): the fixed part JAIN-SIP writes. The exception's
     * stack trace goes to DEBUG, where the whole line is too.
     */
    static void limited(Level level, String message, Throwable ex) {
        String text = String.valueOf(message);
        if (ex != null) {
            text = text + ": " + ex;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(text, ex);
        }
        String kind = kindOf(text);
        if (!KINDS.contains(kind)) {
            if (KINDS.size() < MAX_KINDS) {
                KINDS.add(kind);
            } else {
                kind = "other"; // a bounded set of kinds, whatever text a peer makes the stack write
            }
        }
        LIMITED.log(level, kind, "{}", new OneLine(text)); // cut only when written: a flood is mostly not
    }

    /** The text on one line, cut at {@link #MAX_LINE} characters, built when the line is written. */
    private record OneLine(String text) {
        @Override
        public String toString() {
            String line = text.length() <= MAX_LINE ? text
                    : text.substring(0, MAX_LINE) + "... (" + text.length() + " characters)";
            return line.replace('\r', ' ').replace('\n', ' ');
        }
    }

    static String kindOf(String text) {
        int end = 0;
        while (end < text.length() && end < 48) {
            char c = text.charAt(end);
            if (Character.isDigit(c) || c == '/' || c == ':' || c == '[' || c == '=' || c == '{' || c == '\n') {
                break;
            }
            end++;
        }
        String kind = text.substring(0, end).strip();
        return kind.isEmpty() ? "other" : kind;
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
