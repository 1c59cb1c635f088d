package io.evapi.sip.engine.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JAIN-SIP's message trace bridged to SLF4J at TRACE (logger {@code io.evapi.sip.wire}). */
public final class Slf4jServerLogger implements ServerLogger {

    private static final Logger WIRE = LoggerFactory.getLogger("io.evapi.sip.wire");

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        logMessage(message, from, to, null, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, status, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("{} {} -> {}{}\n{}", sender ? "sent" : "received", from, to,
                    status == null ? "" : " (" + status + ")", message.encode());
        }
    }

    @Override
    public void logException(Exception ex) {
        WIRE.warn("JAIN-SIP message exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public void setSipStack(SipStack sipStack) {
    }
}
