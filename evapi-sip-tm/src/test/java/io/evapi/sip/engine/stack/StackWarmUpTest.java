package io.evapi.sip.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.parser.MessageParser;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StackWarmUpTest {

    private static SipStackImpl stack() throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "warm-up-test");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", ReceivedBytesParserFactory.class.getName());
        return new SipStackImpl(p);
    }

    @Test
    void everySampleParsesIsAnsweredAndEncodes() throws Exception {
        SipStackImpl stack = stack();
        try {
            MessageParser parser = stack.getMessageParserFactory().createMessageParser(stack);
            // a sample the parser refused would end the warm-up at its first round, silently
            StackWarmUp.round(parser, new MessageFactoryImpl(), new HeaderFactoryImpl(), 1);
            StackWarmUp.round(parser, new MessageFactoryImpl(), new HeaderFactoryImpl(), 2);
        } finally {
            stack.stop();
        }
    }

    @Test
    void aTimedRunDoesRoundsAndOpensNothing() throws Exception {
        SipStackImpl stack = stack();
        try {
            long rounds = StackWarmUp.run(stack, new MessageFactoryImpl(), new HeaderFactoryImpl(), 200);
            assertThat(rounds).isPositive();
            assertThat(stack.getListeningPoints()).isExhausted();
            assertThat(StackWarmUp.run(stack, new MessageFactoryImpl(), new HeaderFactoryImpl(), 0)).isZero();
        } finally {
            stack.stop();
        }
    }
}
